// Perfetto's clocks: packets are stamped on BOOTTIME unless they say otherwise, ftrace on the kernel's trace clock
// (boot by default). clock_snapshot packets read several clocks at one instant; from them every time is put on
// CLOCK_MONOTONIC, the clock the other capture files use (t_mono, trace_clock=mono). BOOTTIME runs ahead of it by the
// time the device slept, so each time uses the latest snapshot at or before it (the first before any).

/** builtin_clock.proto ids. */
export const CLOCK = { REALTIME: 1, MONOTONIC: 3, MONOTONIC_RAW: 5, BOOTTIME: 6 } as const;

type Num = number | { toNumber(): number } | null | undefined;
const num = (v: Num): number => (v === null || v === undefined ? NaN : typeof v === 'number' ? v : v.toNumber());

export class ClockSnapshots {
  /** Per clock id, (time on that clock, MONOTONIC − that clock) at each snapshot, kept sorted by time. */
  private readonly deltas = new Map<number, { at: number; delta: number }[]>();

  /** Records a ClockSnapshot's readings; a snapshot without CLOCK_MONOTONIC relates nothing to it. */
  add(clocks: readonly { clock_id?: number | null; timestamp?: Num }[]): void {
    const mono = num(clocks.find((c) => c.clock_id === CLOCK.MONOTONIC)?.timestamp);
    if (!Number.isFinite(mono)) return;
    for (const c of clocks) {
      const at = num(c.timestamp);
      if (c.clock_id === CLOCK.MONOTONIC || typeof c.clock_id !== 'number' || !Number.isFinite(at)) continue;
      const list = this.deltas.get(c.clock_id) ?? [];
      list.push({ at, delta: mono - at });
      // Snapshots come in time order; one out of order is put in its place.
      for (let i = list.length - 1; i > 0 && list[i - 1].at > list[i].at; i--) [list[i - 1], list[i]] = [list[i], list[i - 1]];
      this.deltas.set(c.clock_id, list);
    }
  }

  /** `ts` (ns on clock `id`) on CLOCK_MONOTONIC, or undefined when no snapshot relates the two. */
  toMono(id: number, ts: number): number | undefined {
    if (id === CLOCK.MONOTONIC) return ts;
    const list = this.deltas.get(id);
    if (!list) return undefined;
    let lo = 0;
    let hi = list.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (list[mid].at <= ts) lo = mid;
      else hi = mid - 1;
    }
    return ts + list[lo].delta;
  }
}
