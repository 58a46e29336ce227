// Messages between runReplayInWorker() and the replay worker, and how errors cross the thread boundary.
import { CancelledError, CaptureError, OptionError } from '../errors';
import type { Progress, ReplayOptions, ReplayResult } from './types';

export interface ReplayRequest {
  capturePath: string;
  options: Partial<ReplayOptions>;
  /** A profile object read from the file options.profile names (the worker does not read files but the capture). */
  profile?: unknown;
  /** Capture cache folder; null: no cache; absent: the default (see captureCache.ts). */
  cacheDir?: string | null;
  /** A profile object read from the file options.validate names. */
  validateProfile?: unknown;
  /** A capture measured with kcompressd: compared with the kcompressd prediction and drawn beside it. */
  measuredAfterPath?: string;
}

export interface SerializedError {
  name: string;
  message: string;
  file?: string;
  line?: number;
  reason?: string;
  option?: string;
  stack?: string;
}

/** One run per message; the worker answers with the run's id and keeps the capture and baselines for the next. */
export type ToWorker = { type: 'run'; id: number; request: ReplayRequest };
export type FromWorker =
  | { type: 'progress'; id: number; progress: Progress }
  | { type: 'result'; id: number; result: ReplayResult }
  | { type: 'error'; id: number; error: SerializedError };

export function serializeError(err: unknown): SerializedError {
  if (err instanceof CaptureError) return { name: err.name, message: err.message, file: err.file, line: err.line, reason: err.reason };
  if (err instanceof OptionError) return { name: err.name, message: err.message, option: err.option };
  if (err instanceof Error) return { name: err.name, message: err.message, stack: err.stack };
  return { name: 'Error', message: String(err) };
}

export function deserializeError(e: SerializedError): Error {
  if (e.name === 'CaptureError' && e.file !== undefined) return new CaptureError(e.file, e.line, e.reason ?? e.message);
  if (e.name === 'OptionError' && e.option !== undefined) {
    const prefix = `${e.option}: `;
    return new OptionError(e.option, e.message.startsWith(prefix) ? e.message.slice(prefix.length) : e.message);
  }
  if (e.name === 'CancelledError') return new CancelledError();
  const err = new Error(e.message);
  err.name = e.name;
  if (e.stack) err.stack = e.stack;
  return err;
}
