// Messages between runSweep() and its worker threads.
import type { ReplayOptions } from '../replay/types';
import type { SerializedError } from '../replay/workerProtocol';
import type { SweepPoint } from './point';
import { type Warning } from '../warnings';

/** A worker's share of the grid: each point with its index in the whole grid. */
export interface ToSweepWorker {
  capturePath: string;
  points: { index: number; options: ReplayOptions }[];
}

export type FromSweepWorker =
  | { type: 'point'; index: number; point: SweepPoint }
  | { type: 'done'; warnings: Warning[] }
  | { type: 'error'; error: SerializedError };
