// Sampled series read between their samples (shared by the model's inputs and the observed curves).

/** Linear interpolation of (times, values) at t; NaN outside the samples or where a neighbour is missing. */
export function interpolate(times: Float64Array, values: Float64Array, t: number): number {
  const n = times.length;
  if (n === 0 || t < times[0] || t > times[n - 1]) return NaN;
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (times[mid] <= t) lo = mid;
    else hi = mid;
  }
  const dt = times[hi] - times[lo];
  return dt > 0 ? values[lo] + ((values[hi] - values[lo]) * (t - times[lo])) / dt : values[lo];
}
