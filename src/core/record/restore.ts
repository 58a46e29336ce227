// Undo steps recorded as changes are made, run newest first, always all of them (a failing step is reported
// and the rest still run), so a capture or stress run leaves the machine as it found it even after an error.

export class RestoreStack {
  private readonly steps: { what: string; undo: () => void }[] = [];

  /** Records how to undo a change; push it BEFORE making the change so a half-made change is undone too. */
  push(what: string, undo: () => void): void {
    this.steps.push({ what, undo });
  }

  get size(): number {
    return this.steps.length;
  }

  /** Runs every undo step once, newest first; returns the failures as messages. */
  restoreAll(log: (msg: string) => void): string[] {
    const failures: string[] = [];
    while (this.steps.length > 0) {
      const step = this.steps.pop()!;
      try {
        step.undo();
        log(`restored: ${step.what}`);
      } catch (err) {
        const msg = `restore failed: ${step.what}: ${err instanceof Error ? err.message : String(err)}`;
        failures.push(msg);
        log(msg);
      }
    }
    return failures;
  }
}

let outputGuarded = false;

/** Once per process: a write error on stdout/stderr is dropped; the run goes on (its log file keeps the record). */
function ignoreBrokenOutput(): void {
  if (outputGuarded) return;
  outputGuarded = true;
  for (const stream of [process.stdout, process.stderr]) stream.on('error', () => {});
}

/**
 * Keeps a run that changed the machine alive until its restore has run, whatever happens to the process around it:
 * SIGINT/SIGTERM/SIGHUP (Ctrl-C, kill, an ssh drop) abort `controller` so `finally` blocks restore; a broken
 * stdout/stderr (EPIPE from a closed pipe, EIO on a hung-up terminal) is ignored instead of killing the process; an
 * exception or rejection escaping any callback is logged and aborts the run the same way. Returns the uninstaller.
 */
export function guardProcess(controller: AbortController, log: (msg: string) => void): () => void {
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  const say = (msg: string) => {
    try {
      log(msg);
    } catch {
      // Logging is best effort here: the restore matters more.
    }
  };
  const onSignal = (sig: NodeJS.Signals) => {
    say(`${sig}: stopping and restoring`);
    controller.abort();
  };
  const onUncaught = (err: unknown) => {
    say(`internal error: ${err instanceof Error ? err.stack ?? err.message : String(err)}; stopping and restoring`);
    controller.abort();
  };
  for (const s of signals) process.on(s, onSignal);
  ignoreBrokenOutput();
  process.on('uncaughtException', onUncaught);
  process.on('unhandledRejection', onUncaught);
  return () => {
    for (const s of signals) process.off(s, onSignal);
    process.off('uncaughtException', onUncaught);
    process.off('unhandledRejection', onUncaught);
  };
}
