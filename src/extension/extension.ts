// Activation registers commands, the hover provider, the panel serializer and the status bar; everything heavy
// (replay flow, quick picks, capture sniffing, the panel) is loaded on first use so activation stays cheap.
import * as vscode from 'vscode';
import { Session } from './session';
import { HOVER_SELECTOR, KernelHoverProvider } from './hovers/provider';
import { InlineHints } from './hovers/inlineHints';
import { resultSummary } from './summary';
import { isSweepAxes } from '../shared/protocol';

const VIEW_TYPE = 'reclaimReplay.results';
const flow = () => import('./flow');

export function activate(context: vscode.ExtensionContext): void {
  const session = new Session(context);
  const command = (id: string, run: (...args: unknown[]) => unknown) => vscode.commands.registerCommand(id, run);
  context.subscriptions.push(
    session,
    command('reclaimReplay.replayTrace', async (target, extra) => (await flow()).replayTrace(session, target, extra)),
    command('reclaimReplay.replayWithMeasuredAfter', async (target) => (await flow()).replayWithMeasuredAfter(session, target)),
    // The walkthrough's first step: the capture packaged with the extension, with the remembered options.
    command('reclaimReplay.replayDemo', async () => (await flow()).replayTrace(session, context.asAbsolutePath('captures/demo'), { prompt: false })),
    command('reclaimReplay.rerunWith', async (options) => (await flow()).rerunWith(session, options)),
    command('reclaimReplay.showResults', async () => (await flow()).showResults(session)),
    command('reclaimReplay.showLog', () => session.log.show()),
    command('reclaimReplay.lastResult', () => session.lastRun && resultSummary(session.lastRun.result, session.lastRun.source)),
    command('reclaimReplay.webviewState', () => session.webviewStatus),
    command('reclaimReplay.compareWith', async (target) => (await import('./whatIf')).compareWith(session, typeof target === 'string' ? target : target instanceof vscode.Uri ? target.fsPath : undefined)),
    command('reclaimReplay.sweep', async (axes) => (await import('./whatIf')).sweepFromPanel(session, isSweepAxes(axes) ? axes : {})),
    command('reclaimReplay.lastSweep', async () => (await import('./whatIf')).lastSweep),
    vscode.languages.registerHoverProvider(HOVER_SELECTOR, new KernelHoverProvider(session)),
    vscode.window.registerWebviewPanelSerializer(VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state) => (await flow()).restorePanel(session, panel, state),
    }),
  );
  // Inline hints are off by default: their decoration type and listeners exist only once the setting is on.
  let hints: InlineHints | undefined;
  const syncHints = () => {
    if (!hints && vscode.workspace.getConfiguration('reclaimReplay').get<boolean>('inlineHints') === true) {
      hints = new InlineHints(session);
      context.subscriptions.push(hints);
    }
  };
  syncHints();
  context.subscriptions.push(vscode.workspace.onDidChangeConfiguration((e) => { if (e.affectsConfiguration('reclaimReplay.inlineHints')) syncHints(); }));
}

export function deactivate(): void {}
