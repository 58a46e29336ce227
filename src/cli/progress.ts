// A one-line progress display on stderr for long CLI work, only when stderr is a terminal (pipes and CI logs stay clean).
import type { Progress } from '../core/replay/types';

export async function withTtyProgress<T>(work: (onProgress?: (p: Progress) => void) => Promise<T>): Promise<T> {
  if (process.stderr.isTTY !== true) return work(undefined);
  const show = (p: Progress) =>
    process.stderr.write(`\r\x1b[K${Math.round(p.fraction * 100)}% ${p.label}`.slice(0, process.stderr.columns ?? 100));
  try {
    return await work(show);
  } finally {
    process.stderr.write('\r\x1b[K');
  }
}
