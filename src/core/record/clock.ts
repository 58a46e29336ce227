// Timestamps on the same clock as ftrace's `mono` trace_clock. On Linux, libuv's hrtime reads
// clock_gettime(CLOCK_MONOTONIC), so process.hrtime.bigint() is CLOCK_MONOTONIC nanoseconds since boot;
// the capture checks this against a trace_marker read back from its own trace (see traceInstance.ts).

export interface Stamp {
  /** CLOCK_MONOTONIC seconds, 6 decimals. */
  mono: string;
  /** CLOCK_REALTIME seconds, 6 decimals. */
  epoch: string;
}

export function monoNs(): bigint {
  return process.hrtime.bigint();
}

export function formatNs(ns: bigint): string {
  const us = ns / 1000n;
  return `${us / 1000000n}.${(us % 1000000n).toString().padStart(6, '0')}`;
}

export function stamp(): Stamp {
  const mono = formatNs(monoNs());
  return { mono, epoch: ((performance.timeOrigin + performance.now()) / 1000).toFixed(6) };
}

export function monoSeconds(): number {
  return Number(monoNs()) / 1e9;
}

/** Resolves after `ms`, or at once when `signal` aborts (never rejects). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done);
  });
}
