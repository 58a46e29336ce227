// The extension's state shared by commands, the panel, hovers and the status bar: the last replay, the last
// status the webview reported, the log channel. Kept light: activation creates it.
import * as vscode from 'vscode';
import type { ReplayResult } from '../core/replay/types';
import { isRerunOptions, type RerunOptions, type SourceInfo, type WebviewMessage } from '../shared/protocol';
import { headline, statusText } from '../shared/headline';
import { designText } from '../core/vocabulary';

export type WebviewStatus = Omit<Extract<WebviewMessage, { type: 'status' }>, 'type'>;

export interface LastRun {
  result: ReplayResult;
  source: SourceInfo;
}

// The log channel and the status bar item are created on first use: activation stays a few registrations.
export class Session implements vscode.Disposable {
  private logChannel: vscode.LogOutputChannel | undefined;
  private status: vscode.StatusBarItem | undefined;
  private readonly changed = new vscode.EventEmitter<LastRun>();
  /** Fires after every successful replay. */
  readonly onDidChangeResult = this.changed.event;
  private last: LastRun | undefined;
  webviewStatus: WebviewStatus | undefined;

  constructor(readonly context: vscode.ExtensionContext) {}

  get log(): vscode.LogOutputChannel {
    this.logChannel ??= vscode.window.createOutputChannel('Reclaim Replay', { log: true });
    return this.logChannel;
  }

  private statusItem(): vscode.StatusBarItem {
    if (!this.status) {
      this.status = vscode.window.createStatusBarItem('reclaimReplay.headline', vscode.StatusBarAlignment.Left, 50);
      this.status.name = 'Reclaim Replay';
      this.status.command = 'reclaimReplay.showResults';
    }
    return this.status;
  }

  get lastRun(): LastRun | undefined {
    return this.last;
  }

  setResult(run: LastRun): void {
    this.last = run;
    const item = this.statusItem();
    item.text = `$(graph-line) ${statusText(headline(run.result))}`;
    item.tooltip = `Reclaim Replay of ${run.result.capture} (${run.result.options.variant}, ${designText(run.result.options.variant, run.result.options.kcompressd, run.result.options.queue)}) — click to show the graphs`;
    item.show();
    this.changed.fire(run);
  }

  /** The option choices remembered between runs, per workspace (ignored if the stored value is not valid). */
  get lastOptions(): RerunOptions | undefined {
    const v = this.context.workspaceState.get<unknown>('reclaimReplay.lastOptions');
    return isRerunOptions(v) ? v : undefined;
  }

  async remember(capture: string, options: RerunOptions): Promise<void> {
    await this.context.workspaceState.update('reclaimReplay.lastOptions', options);
    await this.context.workspaceState.update('reclaimReplay.lastCapture', capture);
  }

  get lastCapture(): string | undefined {
    return this.context.workspaceState.get<string>('reclaimReplay.lastCapture');
  }

  dispose(): void {
    this.status?.dispose();
    this.changed.dispose();
    this.logChannel?.dispose();
  }
}
