// `npm run bench`: each part prints its own figures, measured in the same run against a baseline where one exists
// (mawk and grep for parsing, native lz4 for compression, real time for replay), in CPU time where the machine is
// shared. Nothing here is asserted: targets are printed beside the figures.
import * as batch from './batch';
import * as compression from './compression';
import * as parse from './parse';
import * as replay from './replay';
import * as rerun from './rerun';
import * as vmstat from './vmstat';
import * as webview from './webview';
import * as sweep from './sweep';

const parts: [string, { run(): Promise<void> }][] = [
  ['replay (the CLI end to end, cold and from the capture cache)', replay],
  ['rerun (kept worker, other kcompressd options)', rerun],
  ['parse (ftrace text vs mawk and grep)', parse],
  ['vmstat (byte-level snapshot readers)', vmstat],
  ['webview (decimation, report, first paint)', webview],
  ['batch (20 captures, 1 vs 2 jobs)', batch],
  ['compression (page corpus)', compression],
  ['sweep (16 points, captures/demo)', sweep],
];

(async () => {
  const only = process.argv.slice(2);
  for (const [name, part] of parts) {
    if (only.length && !only.some((o) => name.startsWith(o))) continue;
    console.log(`\n== ${name}`);
    await part.run();
  }
})().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
