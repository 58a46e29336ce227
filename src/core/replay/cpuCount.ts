// The replay on another CPU count than the capture's: both scenarios run on the chosen cores, and the capture's
// other load (measured as the reclaimer's run delay on the capture's cores) is spread over them.

/**
 * The reclaimer's share of a core on `cpus` cores, given `availability` (its share while runnable, 0 < a ≤ 1) measured
 * on `captureCpus` cores. CFS gives each runnable task of a core an equal share (kernel/sched/fair.c sched_slice), so
 * a = 1 / (1 + L) with L other runnable tasks per core; the capture's captureCpus·L tasks spread over `cpus` cores.
 */
export function availabilityOnCpus(availability: number, captureCpus: number, cpus: number): number {
  if (!(availability > 0) || availability >= 1 || cpus === captureCpus) return availability;
  const others = captureCpus * (1 / availability - 1);
  return 1 / (1 + others / cpus);
}

/** The note for a replay whose CPU count differs from the capture's; undefined when they are the same. */
export function cpuCountNote(captureCpus: number, cpus: number, availability: number, moved: number): string | undefined {
  if (cpus === captureCpus) return undefined;
  const load = moved === availability ? '' : `; the capture's other load spread over ${cpus}: reclaimer availability `
    + `${(availability * 100).toFixed(1)} % → ${(moved * 100).toFixed(1)} % of a core`;
  return `cpus ${cpus}, the capture ran on ${captureCpus}: today's kernel and kcompressd both run on ${cpus}${load}; `
    + 'fidelity rows compare a different machine with the device';
}
