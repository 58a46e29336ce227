// The results panel: one webview beside the kernel source. It only speaks the protocol in src/shared/protocol.ts,
// validating what arrives; the flow module supplies what to do on re-run and export requests.
import * as vscode from 'vscode';
import { webcrypto } from 'node:crypto';
import { describeMessage, isWebviewMessage, type ExportRequest, type HostMessage, type RerunOptions } from '../shared/protocol';
import type { SweepAxes } from '../core/sweep/grid';
import type { LastRun, Session } from './session';
import { makeNonce, webviewHtml } from './webviewHtml';

export const VIEW_TYPE = 'reclaimReplay.results';

export interface PanelHandlers {
  rerun(options: RerunOptions): void;
  export(request: ExportRequest): void;
  sweep(axes: SweepAxes): void;
  cancelSweep(): void;
  compareWith(): void;
  openCapture(): void;
}

export class ReplayPanel implements vscode.Disposable {
  static current: ReplayPanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  /** The page's script is running (the page is rebuilt each time the hidden tab is shown again). */
  private ready = false;
  /** What the panel shows, and the last busy/error notice; both sent again whenever the page (re)loads. */
  private run: LastRun | undefined;
  private notice: HostMessage | undefined;

  /** Adopts a panel (new, or restored by the serializer after a reload). */
  constructor(private readonly session: Session, readonly panel: vscode.WebviewPanel, private readonly handlers: PanelHandlers) {
    const root = vscode.Uri.joinPath(session.context.extensionUri, 'dist', 'webview');
    panel.webview.options = { enableScripts: true, localResourceRoots: [root] };
    panel.iconPath = vscode.Uri.joinPath(session.context.extensionUri, 'media', 'icon.png');
    panel.webview.html = webviewHtml({
      cspSource: panel.webview.cspSource,
      nonce: makeNonce((b) => webcrypto.getRandomValues(b)),
      scriptUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(root, 'main.js')).toString(),
      styleUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(root, 'main.css')).toString(),
    });
    panel.webview.onDidReceiveMessage((m) => this.onMessage(m), undefined, this.disposables);
    panel.onDidDispose(() => this.dispose(), undefined, this.disposables);
    panel.onDidChangeViewState(() => { if (!panel.visible) this.ready = false; }, undefined, this.disposables);
    ReplayPanel.current = this;
  }

  static create(session: Session, column: vscode.ViewColumn, handlers: PanelHandlers): ReplayPanel {
    const panel = vscode.window.createWebviewPanel(VIEW_TYPE, 'Reclaim Replay', { viewColumn: column, preserveFocus: false }, {
      enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(session.context.extensionUri, 'dist', 'webview')],
    });
    return new ReplayPanel(session, panel, handlers);
  }

  showResult(run: LastRun): void {
    this.run = run;
    this.notice = undefined;
    this.post({ type: 'result', result: run.result, source: run.source });
    this.panel.title = `Reclaim Replay: ${run.result.options.variant} ×${run.result.options.kcompressd}`;
  }

  /** Before the page is ready a message would be lost; the result is sent on 'ready' instead. */
  post(m: HostMessage): void {
    if (m.type === 'busy' || m.type === 'error') this.notice = m;
    if (this.ready) void this.panel.webview.postMessage(m);
  }

  private onMessage(m: unknown): void {
    if (!isWebviewMessage(m)) {
      this.session.log.warn(`dropped a webview message that is not in the protocol (${describeMessage(m)})`);
      return;
    }
    switch (m.type) {
      case 'ready':
        this.ready = true;
        if (this.run) void this.panel.webview.postMessage({ type: 'result', result: this.run.result, source: this.run.source } satisfies HostMessage);
        if (this.notice) void this.panel.webview.postMessage(this.notice);
        break;
      case 'status':
        this.session.webviewStatus = { rendered: m.rendered, charts: m.charts, points: m.points, firstPaintMs: m.firstPaintMs };
        this.session.log.info(`webview: ${m.charts} charts, ${m.points} points, first paint ${m.firstPaintMs.toFixed(0)} ms`);
        break;
      case 'rerun':
        this.handlers.rerun(m.options);
        break;
      case 'export':
        this.handlers.export(m.format === 'png' ? { format: 'png', chart: m.chart, dataUrl: m.dataUrl } : { format: m.format });
        break;
      case 'sweep':
        this.handlers.sweep(m.axes);
        break;
      case 'cancelSweep':
        this.handlers.cancelSweep();
        break;
      case 'compareWith':
        this.handlers.compareWith();
        break;
      case 'openCapture':
        this.handlers.openCapture();
        break;
    }
  }

  reveal(): void {
    this.panel.reveal(undefined, true);
  }

  dispose(): void {
    if (ReplayPanel.current === this) ReplayPanel.current = undefined;
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }
}
