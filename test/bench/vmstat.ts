// The byte-level snapshot readers: /proc/vmstat and /proc/meminfo series of capture A, MB/s of CPU time.
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseMeminfo } from '../../src/core/capture/meminfo';
import { parseVmstatSnapshots } from '../../src/core/capture/vmstatSnapshots';
import { fmt, sharedCaptures, timeSelf } from './measure';

const RUNS = 15;

export async function run(): Promise<void> {
  const shared = sharedCaptures();
  const dir = shared && join(shared, 'A_kswapd_lz4');
  if (!dir || !existsSync(dir)) {
    console.log('skipped: ../shared/captures/A_kswapd_lz4 is absent');
    return;
  }
  for (const [name, parse] of [['vmstat_snapshots.txt', parseVmstatSnapshots], ['meminfo_snapshots.txt', parseMeminfo]] as const) {
    const path = join(dir, name);
    const mb = statSync(path).size / 1e6;
    const cpu: number[] = [];
    let samples = 0;
    for (let i = 0; i < RUNS; i++) {
      const t = await timeSelf(() => parse(path));
      cpu.push(t.cpuMs);
      samples = t.value.series.times.length;
    }
    const rate = (ms: number) => fmt(mb / (ms / 1e3), 0);
    console.log(`${name} (${fmt(mb, 2)} MB, ${samples} snapshots): best of ${RUNS} ${rate(Math.min(...cpu))} MB/s CPU, first run ${rate(cpu[0])} MB/s`
      + `${name.startsWith('vmstat') ? ` (target ≥ 150 MB/s: ${mb / (Math.min(...cpu) / 1e3) >= 150 ? 'met' : 'NOT met'})` : ''}`);
  }
}
