// `npm run bench`: each part prints its own figures, measured against a baseline in the same run where one exists
// (grep for parsing, native lz4 for compression, real time for replay).
import * as parse from './parse';
import * as compression from './compression';
import * as replay from './replay';
import * as webview from './webview';

const parts: [string, { run(): Promise<void> }][] = [
  ['parse (ftrace text)', parse],
  ['compression (page corpus)', compression],
  ['replay (capture A, both scenarios)', replay],
  ['webview (decimation, report, first paint)', webview],
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
