/** An input the tool cannot use. The CLI prints `message` alone (no stack) and exits 2; the extension shows it. */
export class CaptureError extends Error {
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    readonly reason: string,
  ) {
    super(line === undefined ? `${file}: ${reason}` : `${file}:${line}: ${reason}`);
    this.name = 'CaptureError';
  }
}

/** A bad option value (CLI flag, setting or webview request). */
export class OptionError extends Error {
  constructor(readonly option: string, reason: string) {
    super(`${option}: ${reason}`);
    this.name = 'OptionError';
  }
}

/** Thrown by long work when its AbortSignal fires. */
export class CancelledError extends Error {
  constructor() {
    super('cancelled');
    this.name = 'CancelledError';
  }
}
