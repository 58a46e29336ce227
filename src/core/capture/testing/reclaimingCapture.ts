// Test helper: a small capture folder that replays (two seconds of /proc/vmstat every 100 ms with kswapd reclaiming
// `rate` pages per snapshot, and one zone), for tests that replay whole captures through the CLI or a worker.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function writeReclaimingCapture(dir: string, rate: number): void {
  mkdirSync(dir);
  const snaps: string[] = [];
  for (let i = 0; i <= 20; i++) {
    const steal = Math.max(0, rate * i - 3 * rate);
    snaps.push(`# t_mono=${(100 + i / 10).toFixed(3)}`, `nr_free_pages ${Math.max(100_000, 130_000 - 2000 * i)}`, `pgsteal_kswapd ${steal}`,
      `pgsteal_anon ${steal}`, `pgscan_anon ${2 * steal}`, `pswpout ${Math.round(steal * 0.8)}`, `swpout_zero ${Math.round(steal * 0.2)}`);
  }
  writeFileSync(join(dir, 'vmstat_snapshots.txt'), `${snaps.join('\n')}\n`);
  writeFileSync(join(dir, 'zoneinfo.txt'), 'Node 0, zone   Normal\n  pages free     130000\n        min      4000\n        low      100000\n'
    + '        high     120000\n        spanned  4000000\n        present  4000000\n        managed  4000000\n');
}
