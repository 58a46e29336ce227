// The webview: renders a replay's before/after charts, headline cards and fidelity table. Inside VS Code it talks
// to the host through the typed protocol; in the standalone HTML report (no acquireVsCodeApi) it reads the result
// embedded in the page and works read-only with local downloads.
import './style.css';
import type { ReplayResult } from '../src/core/replay/types';
import { isHostMessage, isPanelState, isReplayResult, describeMessage, type ChartId, type HostMessage, type PanelState, type SourceInfo, type WebviewMessage } from '../src/shared/protocol';
import { resultFromJson } from '../src/shared/resultJson';
import { exportTitle, seriesToCsv, seriesToJson } from '../src/shared/seriesExport';
import { WhatIf } from './whatIf';
import { FIDELITY_TITLE, LEGEND_TEXT, PAGE_TITLE } from '../src/shared/chartSpecs';
import { ChartBoard, type Range, type TimeBase } from './charts';
import { exportButtons, rerunForm, timeBaseSelect, zoomForm, type RerunForm } from './controls';
import { el } from './dom';
import { onThemeChange, readPalette } from './theme';
import { renderFidelity, renderHeadline, renderNotes, renderSummary, renderVerdict } from './view';

interface VsCodeApi {
  postMessage(m: WebviewMessage): void;
  getState(): unknown;
  setState(s: PanelState): void;
}
declare const acquireVsCodeApi: (() => VsCodeApi) | undefined;

const api = typeof acquireVsCodeApi === 'function' ? acquireVsCodeApi() : undefined;

// The HTML report ships these in its markup (readable without script); the webview builds them.
const byId = (id: string, make: () => HTMLElement): HTMLElement => document.getElementById(id) ?? make();
const status = byId('status', () => el('span', { id: 'status' }, 'waiting'));
const banner = byId('banner', () => el('div', { id: 'banner', class: 'hidden', role: 'status' }));
const verdictRoot = byId('verdict', () => el('p', { id: 'verdict', class: 'verdict hidden', role: 'note' }));
const headlineRoot = byId('headline', () => el('section', { id: 'headline', class: 'cards' }));
const summaryRoot = byId('summary', () => el('section', { id: 'summary' }));
const notesRoot = byId('notes', () => el('section', { id: 'notes' }));
const chartsRoot = byId('charts', () => el('div', { id: 'charts' }));
const fidelityRoot = byId('fidelity', () => el('section', { id: 'fidelity' }));

let board: ChartBoard | undefined;
let current: { result: ReplayResult; source?: SourceInfo } | undefined;
let form: RerunForm | undefined;

let bannerTimer: ReturnType<typeof setTimeout> | undefined;
/** Info banners dismiss themselves; busy stays until the work ends, errors until the next action. */
const INFO_BANNER_MS = 6000;

function show(kind: 'info' | 'busy' | 'error' | undefined, text = ''): void {
  clearTimeout(bannerTimer);
  banner.className = kind ? `banner-${kind}` : 'hidden';
  banner.textContent = text;
  if (kind === 'info') bannerTimer = setTimeout(() => show(undefined), INFO_BANNER_MS);
}

function saveState(zoom: Range | undefined): void {
  if (api && current) api.setState({ capture: current.result.capture, options: current.result.options, ...(zoom ? { zoom } : {}) });
}

// The zoom fields show the time base on screen; the board works in relative seconds.
const zoom = zoomForm((r) => board?.setRange(r && [r[0] - board.timeOffset, r[1] - board.timeOffset]), (msg) => show('error', msg));
const showZoom = (r: Range): void => zoom.show([r[0] + (board?.timeOffset ?? 0), r[1] + (board?.timeOffset ?? 0)]);
let timeBase: TimeBase = 'relative';
const timeSelect = timeBaseSelect((b) => {
  timeBase = b;
  board?.setTimeBase(b);
  if (board) showZoom(board.visibleRange);
});

function download(name: string, href: string): void {
  const a = el('a', { href, download: name });
  document.body.append(a);
  a.click();
  a.remove();
}

function exportPng(id: ChartId): void {
  if (!board || !current) return;
  const head = exportTitle(current.result);
  const dataUrl = board.toPng(id, [head.title, head.capture, head.options]);
  if (api) api.postMessage({ type: 'export', format: 'png', chart: id, dataUrl });
  else download(`reclaim-replay-${id}.png`, dataUrl);
}

function exportData(format: 'csv' | 'json'): void {
  if (api) return api.postMessage({ type: 'export', format });
  if (!current) return;
  const text = format === 'csv' ? seriesToCsv(current.result) : seriesToJson(current.result);
  const url = URL.createObjectURL(new Blob([text], { type: format === 'csv' ? 'text/csv' : 'application/json' }));
  download(`reclaim-replay-series.${format}`, url);
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function render(result: ReplayResult, source: SourceInfo | undefined): void {
  const started = performance.now();
  status.textContent = 'rendering';
  current = { result, source };
  const saved = api?.getState();
  const keepZoom = isPanelState(saved) && saved.capture === result.capture ? saved.zoom : undefined;
  if (board) {
    board.destroy();
    board = undefined;
    chartsRoot.replaceChildren();
  }
  renderVerdict(verdictRoot, result);
  renderHeadline(headlineRoot, result);
  renderSummary(summaryRoot, result);
  renderNotes(notesRoot, result, source);
  renderFidelity(fidelityRoot, result);
  form?.fill(result.options);
  if (result.series && result.series.t.length > 0) {
    board = new ChartBoard(chartsRoot, result.series, readPalette(), {
      onZoom: (r) => { showZoom(r ?? board!.fullRange); saveState(r); },
      onExportPng: exportPng,
    }, { queue: result.options.queue, origin: result.series.origin, calibrationS: result.validation?.calibrationS });
    board.setTimeBase(timeBase);
    timeSelect.enable(board.hasCaptureClock);
    if (keepZoom) board.setRange(keepZoom);
    else showZoom(board.fullRange);
  } else {
    chartsRoot.append(el('p', { class: 'muted' }, 'This replay carries no time series, so there is nothing to chart.'));
  }
  saveState(keepZoom);
  // First paint: the frame that shows the cards, table and first charts; `rendered` once every chart is built.
  const shown = board;
  let firstPaintMs = NaN;
  requestAnimationFrame(() => (firstPaintMs = performance.now() - started));
  void (shown?.ready ?? Promise.resolve()).then(() => requestAnimationFrame(() => {
    if (board !== shown) return;
    status.textContent = 'rendered';
    status.dataset.firstPaintMs = firstPaintMs.toFixed(1);
    status.dataset.allChartsMs = (performance.now() - started).toFixed(1);
    status.dataset.points = String(board?.points ?? 0);
    api?.postMessage({ type: 'status', rendered: true, charts: board?.count ?? 0, points: board?.points ?? 0, firstPaintMs });
  }));
}

/** A failed replay of another capture: its error state, not the previous capture's graphs under an error banner. */
function clearResult(): void {
  board?.destroy();
  board = undefined;
  current = undefined;
  chartsRoot.replaceChildren(el('p', { class: 'muted', id: 'no-result' }, 'No graphs: the replay above failed.'));
  headlineRoot.replaceChildren();
  summaryRoot.replaceChildren();
  notesRoot.replaceChildren();
  fidelityRoot.replaceChildren();
  status.textContent = 'error';
}

function onHostMessage(m: HostMessage): void {
  switch (m.type) {
    case 'result':
      show(undefined);
      form?.setBusy(false);
      render(m.result, m.source);
      break;
    case 'busy':
      form?.setBusy(true);
      show('busy', m.label);
      break;
    case 'error':
      form?.setBusy(false);
      whatIf?.failed();
      show('error', m.message);
      if (m.replacesResult) clearResult();
      break;
    case 'saved':
      show('info', `Saved ${m.path}`);
      break;
    case 'sweepProgress':
      whatIf?.progress(m.done, m.total);
      break;
    case 'sweep':
      show(undefined);
      whatIf?.showSweep(m.sweep);
      break;
    case 'compare':
      show(undefined);
      whatIf?.showCompare(m.compare);
      whatIf?.element.scrollIntoView();
      break;
  }
}

let whatIf: WhatIf | undefined;

function layout(): void {
  onThemeChange(() => {
    const p = readPalette();
    board?.setPalette(p);
    whatIf?.setPalette(p);
  });
  const toolbar = el('div', { id: 'toolbar', class: 'toolbar' }, zoom.element, timeSelect.element, exportButtons(exportData));
  if (chartsRoot.isConnected) {
    chartsRoot.before(toolbar);
    return;
  }
  const header = el('header', {}, el('h1', {}, PAGE_TITLE), status);
  if (api) {
    const open = el('vscode-button', { id: 'open-capture', secondary: '', title: 'Replay another capture' }, 'Open capture…');
    open.addEventListener('click', () => api.postMessage({ type: 'openCapture' }));
    header.append(open);
  }
  const legend = el('p', { class: 'legend muted' }, LEGEND_TEXT);
  const parts: HTMLElement[] = [header, banner, verdictRoot, headlineRoot, summaryRoot, notesRoot, toolbar, legend, chartsRoot];
  if (api) {
    form = rerunForm((options) => api.postMessage({ type: 'rerun', options }), (msg) => show('error', msg));
    parts.push(el('h2', {}, 'Re-run with other parameters'), form.element);
    whatIf = new WhatIf({
      sweep: (axes) => api.postMessage({ type: 'sweep', axes }),
      cancelSweep: () => api.postMessage({ type: 'cancelSweep' }),
      exportSweep: () => api.postMessage({ type: 'export', format: 'sweep-csv' }),
      compareWith: () => api.postMessage({ type: 'compareWith' }),
      problem: (msg) => show('error', msg),
    }, readPalette());
    parts.push(whatIf.element);
  }
  parts.push(el('h2', {}, FIDELITY_TITLE), fidelityRoot);
  document.body.append(el('main', {}, ...parts));
}

layout();
if (api) {
  window.addEventListener('message', (ev: MessageEvent<unknown>) => {
    if (isHostMessage(ev.data)) onHostMessage(ev.data);
    else console.warn(`reclaim-replay: dropped a message that is not in the protocol (${describeMessage(ev.data)})`);
  });
  api.postMessage({ type: 'ready' });
} else {
  // Standalone report: the result is embedded as JSON (typed arrays as base64).
  const data = document.getElementById('reclaim-data')?.textContent;
  const result = data ? resultFromJson(JSON.parse(data)) : undefined;
  if (isReplayResult(result)) render(result, undefined);
  else show('error', 'This report carries no valid replay data.');
}
