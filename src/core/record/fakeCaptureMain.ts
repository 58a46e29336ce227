// Test support: `capture --with-stress` or `stress` on a FakeSystem, in a process of its own and guarded the way the
// CLI guards them (guardProcess), so that tests can break its stdout/stderr, hang it up, terminate it or make a
// stray callback throw, and then check that the restore ran. Prints `started` once the run is under way; at exit
// writes the fake machine's state as JSON to the file named by argv[2].
// usage: node --import tsx fakeCaptureMain.ts STATE_FILE capture|stress SECONDS [throw]
import * as fs from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_CAPTURE, runCapture } from './capture';
import { FakeSystem } from './fakeSystem';
import { guardProcess } from './restore';
import { runStress } from './stress';
import { DEFAULT_STRESS_SYSTEM } from './stressSystem';

export interface FakeMachineState {
  nrHugepages: string;
  watermarkScaleFactor: string;
  compAlgorithm: string;
  zramSwapOn: boolean;
  instanceLeft: boolean;
  aborted: boolean;
  errors: string[];
  restoreFailures: string[];
}

async function main(): Promise<number> {
  const [stateFile, command, seconds, mode] = process.argv.slice(2);
  const fake = new FakeSystem({ tracefsMounted: true });
  const controller = new AbortController();
  const log = (m: string) => console.error(`${command}: ${m}`);
  const logStarted = (m: string) => {
    log(m);
    if (m.startsWith('capture started') || m.startsWith('workload started')) process.stdout.write('started\n');
  };
  const uninstall = guardProcess(controller, log);
  if (mode === 'throw') setTimeout(() => { throw new Error('a stray callback threw'); }, 300);
  let r: { errors?: string[]; restoreFailures: string[] } | undefined;
  try {
    if (command === 'stress') {
      // The workload: a child that lives SECONDS.
      const workload = [process.execPath, '-e', `setTimeout(() => {}, ${Number(seconds) * 1000})`];
      r = await runStress({
        ops: fake.ops, roots: fake.roots, system: DEFAULT_STRESS_SYSTEM, command: workload, abortMiB: 2800, log: logStarted, signal: controller.signal,
      });
    } else {
      r = await runCapture({
        ...DEFAULT_CAPTURE, perf: false, outDir: join(fake.root, 'out'), seconds: Number(seconds), drainMs: 50, roots: fake.roots, ops: fake.ops,
        stress: DEFAULT_STRESS_SYSTEM, instanceName: 'rr-test', signal: controller.signal, log: logStarted,
      });
    }
  } finally {
    uninstall();
    const state: FakeMachineState = {
      nrHugepages: fake.read('proc/sys/vm/nr_hugepages').trim(),
      watermarkScaleFactor: fake.read('proc/sys/vm/watermark_scale_factor').trim(),
      compAlgorithm: fake.read('sys/block/zram0/comp_algorithm').trim(),
      zramSwapOn: fake.read('proc/swaps').includes('zram0'),
      instanceLeft: fake.exists('tracing/instances/rr-test'),
      aborted: controller.signal.aborted,
      errors: r?.errors ?? [],
      restoreFailures: r?.restoreFailures ?? [],
    };
    fs.writeFileSync(stateFile, JSON.stringify(state));
    fake.cleanup();
  }
  return controller.signal.aborted ? 130 : 0;
}

main().then((code) => process.exit(code));
