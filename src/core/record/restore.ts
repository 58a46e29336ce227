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

/** Turns SIGINT/SIGTERM/SIGHUP into an abort of `controller` (so `finally` blocks restore); returns the uninstaller. */
export function abortOnSignals(controller: AbortController, log: (msg: string) => void): () => void {
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  const handler = (sig: NodeJS.Signals) => {
    log(`${sig}: stopping and restoring`);
    controller.abort();
  };
  for (const s of signals) process.on(s, handler);
  return () => {
    for (const s of signals) process.off(s, handler);
  };
}
