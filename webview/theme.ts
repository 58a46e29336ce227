// Chart colours from the VS Code theme's CSS variables, with light-theme fallbacks for the standalone HTML report.
// The two scenarios keep the theme's hues; their lightness is moved until they are ≥ 3:1 apart and from the background.
import { legibleOn, separatePair } from './contrast';

export interface Palette {
  foreground: string;
  grid: string;
  background: string;
  /** The capture's own curve: neutral, so it never reads as one of the simulated scenarios. */
  observed: string;
  /** A capture measured with kcompressd: a hue of its own, neither scenario's nor the neutral observed curve's. */
  measuredAfter: string;
  baseline: string;
  kcompressd: string;
  /** Fill of the span the fidelity profile was calibrated on. */
  calibration: string;
  wmMin: string;
  wmLow: string;
  wmHigh: string;
  /** Capacity lines (e.g. a worker FIFO's size). */
  capacity: string;
  cursor: string;
  selection: string;
}

const FALLBACK: Palette = {
  foreground: '#333333', grid: '#d4d4d4', background: '#ffffff', observed: '#6e6e6e', measuredAfter: '#652d90', baseline: '#d18616', kcompressd: '#1a85ff',
  calibration: 'rgba(127, 127, 127, 0.12)',
  wmMin: '#e51400', wmLow: '#bf8803', wmHigh: '#388a34', capacity: '#333333', cursor: '#616161', selection: 'rgba(0, 120, 212, 0.15)',
};

const VARS: Record<keyof Palette, string> = {
  foreground: '--vscode-foreground', grid: '--vscode-editorWidget-border', background: '--vscode-editor-background',
  observed: '--vscode-descriptionForeground', measuredAfter: '--vscode-charts-purple', calibration: '--vscode-editor-inactiveSelectionBackground',
  baseline: '--vscode-charts-orange', kcompressd: '--vscode-charts-blue', wmMin: '--vscode-charts-red',
  wmLow: '--vscode-charts-yellow', wmHigh: '--vscode-charts-green', capacity: '--vscode-foreground', cursor: '--vscode-editorCursor-foreground',
  selection: '--vscode-editor-selectionBackground',
};

export function readPalette(el: Element = document.body): Palette {
  const style = getComputedStyle(el);
  const out = { ...FALLBACK };
  for (const key of Object.keys(VARS) as (keyof Palette)[]) {
    const v = style.getPropertyValue(VARS[key]).trim();
    if (v) out[key] = v;
  }
  [out.baseline, out.kcompressd] = separatePair(out.baseline, out.kcompressd, out.background);
  out.measuredAfter = legibleOn(out.measuredAfter, out.background);
  return out;
}

/** Calls `onChange` when VS Code switches theme (it rewrites the body's class and style). */
export function onThemeChange(onChange: () => void): void {
  new MutationObserver(onChange).observe(document.body, { attributes: true, attributeFilter: ['class', 'data-vscode-theme-kind'] });
}

export const isHighContrast = (): boolean =>
  document.body.classList.contains('vscode-high-contrast') || document.body.classList.contains('vscode-high-contrast-light');
