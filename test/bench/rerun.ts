// Re-runs as the extension does them: one kept replay worker (dist/worker.js) per capture; the first run parses and
// runs every scenario, a re-run with another kcompressd worker count runs only the kcompressd scenario.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { resolveOptions } from '../../src/core/replay/options';
import { ReplayWorker } from '../../src/core/replay/runInWorker';
import { benchCaptures } from './replay';
import { fmt, repoRoot } from './measure';

export async function run(): Promise<void> {
  const script = join(repoRoot(), 'dist', 'worker.js');
  const captures = benchCaptures().filter((c) => /A_kswapd_lz4|captures\/demo/.test(c));
  for (const capture of captures) {
    if (!existsSync(capture)) continue;
    const w = new ReplayWorker(script);
    try {
      const run = async (kcompressd: number) => {
        const t0 = performance.now();
        await w.run({ capturePath: capture, options: resolveOptions({ kcompressd, series: true }), cacheDir: null });
        return performance.now() - t0;
      };
      const first = await run(4);
      const again = [await run(8), await run(2), await run(1)];
      console.log(`${capture.split('/').pop()}: first run ${fmt(first, 0)} ms wall (parse + every scenario); re-run with other kcompressd workers `
        + `${again.map((x) => fmt(x, 0)).join(' / ')} ms wall (target ≤ 1000 ms on the demo capture, click to graphs adds the webview's paint)`);
    } finally {
      w.dispose();
    }
  }
}
