// Which kcompressd design a capture ran, from its threads' names: v1 (drivers/block/zram/kcompressd.c) names its
// workers "kcompressd:%d", mm (mm/vmscan.c kcompressd_run) one thread per node "kcompressd%d". A replay compared with
// such a capture (--measured-after, compare --predict) predicts with that design unless told otherwise, and says so.
import type { Capture } from '../capture/types';
import { DEFAULTS, type Variant } from '../vocabulary';
import { warning, type Warning } from '../warnings';

/** The design and the thread name that shows it; undefined when no kcompressd thread appears (schedstat series
 *  headers, sched_switch comms). */
export function kcompressdDesignOf(c: Capture): { variant: Variant; thread: string; file: string } | undefined {
  const named: { comm: string; file: string }[] = [
    ...(c.taskCpu ?? []).map((t) => ({ comm: t.comm, file: t.source })),
    ...Object.keys(c.trace?.onCpuByComm ?? {}).map((comm) => ({ comm, file: c.trace!.source })),
  ];
  for (const { comm, file } of named) {
    if (/^kcompressd:\d+$/.test(comm)) return { variant: 'v1', thread: comm, file };
    if (/^kcompressd\d+$/.test(comm)) return { variant: 'mm', thread: comm, file };
  }
  return undefined;
}

/**
 * The variant to predict `after` with: `given` when the user chose one (with replay.variant-mismatch when the capture
 * ran another design), else the capture's own design (replay.variant-from-capture), else the default.
 */
export function variantForAfter(after: Capture, given: Variant | undefined): { variant: Variant; warnings: Warning[] } {
  const d = kcompressdDesignOf(after);
  if (!d) return { variant: given ?? DEFAULTS.variant, warnings: [] };
  if (given === undefined) {
    return { variant: d.variant, warnings: [warning('replay.variant-from-capture', `predicting with --variant ${d.variant}: the measured-after capture ran that design (its ${d.thread} thread)`, d.file)] };
  }
  if (given !== d.variant) {
    return { variant: given, warnings: [warning('replay.variant-mismatch', `predicting with --variant ${given}, but the measured-after capture ran the ${d.variant} design (its ${d.thread} thread): predicted and measured figures are of different designs`, d.file)] };
  }
  return { variant: given, warnings: [] };
}

/** replay.before-ran-kcompressd when the replayed capture itself ran kcompressd: the replay calibrates "today's
 *  kernel" on a run where kcompressd did the compression, so its baseline and predicted gain are not today's. */
export function beforeRanKcompressd(c: Capture): Warning | undefined {
  const d = kcompressdDesignOf(c);
  return d && warning('replay.before-ran-kcompressd', `this capture already ran kcompressd (its ${d.thread} thread, the ${d.variant} design): `
    + `its 'before' is not today's kernel and the predicted gain is kcompressd on top of kcompressd; use it as --measured-after (or compare's after) of a capture made without kcompressd`, d.file);
}
