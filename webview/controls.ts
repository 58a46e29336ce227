// The re-run form (host mode only), the zoom range inputs and the export buttons.
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import '@vscode-elements/elements/dist/vscode-label/index.js';
import type { ReplayOptions } from '../src/core/replay/types';
import { PRESSURES, RANGES, VARIANTS } from '../src/core/vocabulary';
import type { RerunOptions } from '../src/shared/protocol';
import { readRerunForm } from './rerunForm';
import { el } from './dom';

type ValueElement = HTMLElement & { value: string };

function field(id: string, label: string, control: HTMLElement): HTMLElement {
  control.id = id;
  return el('div', { class: 'field' }, el('vscode-label', { for: id }, label), control);
}

function select(values: readonly string[]): ValueElement {
  return el('vscode-single-select', {}, ...values.map((v) => el('vscode-option', { value: v }, v))) as ValueElement;
}

const textfield = (attrs: Record<string, string> = {}): ValueElement => el('vscode-textfield', attrs) as ValueElement;
/** A number field bounded by the vocabulary's range for its option, as the CLI flag and the setting are. */
const rangeField = (r: { min: number; max: number }, attrs: Record<string, string> = {}): ValueElement =>
  textfield({ type: 'number', min: String(r.min), max: String(r.max), ...attrs });

function button(id: string, label: string, onClick: () => void, secondary = false): HTMLElement {
  const b = el('vscode-button', { id, ...(secondary ? { secondary: '' } : {}) }, label);
  b.addEventListener('click', onClick);
  return b;
}

export interface RerunForm {
  element: HTMLElement;
  fill(o: ReplayOptions): void;
  setBusy(busy: boolean): void;
}

export function rerunForm(onRerun: (o: RerunOptions) => void, onProblem: (msg: string) => void): RerunForm {
  const variant = select(VARIANTS);
  const kcompressd = rangeField(RANGES.kcompressd);
  const queue = rangeField(RANGES.queue);
  const cpus = rangeField(RANGES.cpus, { placeholder: 'from capture' });
  const profile = textfield();
  const pressure = select(PRESSURES);
  const run = button('rerun', 'Re-run', () => {
    const r = readRerunForm({ variant: variant.value, kcompressd: kcompressd.value, queue: queue.value, cpus: cpus.value, profile: profile.value, pressure: pressure.value });
    if (typeof r === 'string') onProblem(r);
    else onRerun(r);
  });
  const element = el('section', { id: 'controls', class: 'controls' },
    field('opt-variant', 'variant', variant), field('opt-kcompressd', 'kcompressd workers', kcompressd), field('opt-queue', 'queue size', queue),
    field('opt-cpus', 'CPUs', cpus), field('opt-profile', 'profile', profile), field('opt-pressure', 'pressure', pressure), run);
  return {
    element,
    fill(o) {
      variant.value = o.variant;
      kcompressd.value = String(o.kcompressd);
      queue.value = String(o.queue);
      cpus.value = o.cpus === undefined ? '' : String(o.cpus);
      profile.value = o.profile;
      pressure.value = o.pressure;
    },
    setBusy(busy) {
      run.toggleAttribute('disabled', busy);
    },
  };
}

export interface ZoomForm {
  element: HTMLElement;
  show(range: [number, number]): void;
}

export function zoomForm(onZoom: (r: [number, number] | undefined) => void, onProblem: (msg: string) => void): ZoomForm {
  const from = textfield();
  const to = textfield();
  const apply = button('zoom-apply', 'Zoom', () => {
    const a = Number(from.value);
    const b = Number(to.value);
    if (!Number.isFinite(a) || !Number.isFinite(b) || !(b > a)) onProblem('zoom: "to" must be a number above "from"');
    else onZoom([a, b]);
  }, true);
  const reset = button('zoom-reset', 'Whole replay', () => onZoom(undefined), true);
  return {
    element: el('div', { id: 'zoom', class: 'controls' }, field('zoom-from', 'from (s)', from), field('zoom-to', 'to (s)', to), apply, reset,
      el('span', { class: 'muted hint' }, 'or drag across a chart; double-click to reset')),
    show([a, b]) {
      from.value = a.toFixed(2);
      to.value = b.toFixed(2);
    },
  };
}

export function exportButtons(onExport: (format: 'csv' | 'json') => void): HTMLElement {
  return el('div', { id: 'exports', class: 'controls' },
    button('export-csv', 'Export CSV', () => onExport('csv'), true), button('export-json', 'Export JSON', () => onExport('json'), true));
}

export interface TimeBaseSelect {
  element: HTMLElement;
  /** Offers the capture clock only when the capture has one. */
  enable(captureClock: boolean): void;
}

/** Time axis: seconds since the replay's start, or the capture's own timestamps (to line up with Perfetto). */
export function timeBaseSelect(onChange: (b: 'relative' | 'capture') => void): TimeBaseSelect {
  const s = el('vscode-single-select', {},
    el('vscode-option', { value: 'relative' }, 'since start'), el('vscode-option', { value: 'capture' }, 'capture clock')) as ValueElement;
  s.addEventListener('change', () => onChange(s.value === 'capture' ? 'capture' : 'relative'));
  return {
    element: el('div', { class: 'controls' }, field('time-base', 'time axis', s)),
    enable(captureClock) {
      s.toggleAttribute('disabled', !captureClock);
      s.title = captureClock ? 'CLOCK_MONOTONIC / trace timestamps as recorded' : 'this capture has only relative times';
      if (!captureClock) s.value = 'relative';
    },
  };
}
