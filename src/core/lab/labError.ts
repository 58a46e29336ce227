import { CaptureError } from '../errors';

/**
 * A lab step that failed (patch, configure, make, boot, guest run): the message names the step and the log file to
 * read. A CaptureError, so the CLI prints it without a stack and exits 2.
 */
export class LabError extends CaptureError {
  constructor(readonly step: string, readonly log: string, reason: string) {
    super(log, undefined, `lab ${step}: ${reason}`);
    this.name = 'LabError';
  }
}

/** The last `n` non-empty lines of a log, indented, for an error message. */
export function tail(text: string, n = 8): string {
  return text.split('\n').filter((l) => l.trim() !== '').slice(-n).map((l) => `    ${l}`).join('\n');
}
