// Exit paths the process survives, each for `capture --with-stress` and for `stress` on the fake system in a child
// process (fakeCaptureMain.ts, guarded as the CLI is): the machine must be restored on every one of them.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { FakeMachineState } from './fakeCaptureMain';

const MAIN = join(__dirname, 'fakeCaptureMain.ts');

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  state: FakeMachineState;
}

/** Starts the guarded `command` (capture or stress); `act` gets the child once it printed `started` (or at once when stdout is closed). */
async function guardedRun(command: string, seconds: number, opts: { mode?: string; closeOutput?: boolean; act?: (pid: number) => void }): Promise<Run> {
  const dir = fs.mkdtempSync(join(tmpdir(), 'rr-guard-'));
  const stateFile = join(dir, 'state.json');
  try {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, stateFile, command, String(seconds), ...(opts.mode ? [opts.mode] : [])], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.once('exit', (c, s) => resolve([c, s])));
    if (opts.closeOutput) {
      // The reader goes away: every later write of the child to stdout/stderr fails with EPIPE.
      child.stdout.destroy();
      child.stderr.destroy();
    } else {
      child.stderr.resume();
      let out = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => {
        out += d;
        if (out.includes('started\n') && opts.act) {
          opts.act(child.pid!);
          opts.act = undefined;
        }
      });
    }
    const [code, signal] = await exited;
    assert.ok(fs.existsSync(stateFile), `no state written (exit ${code ?? signal})`);
    return { code, signal, state: JSON.parse(fs.readFileSync(stateFile, 'utf8')) as FakeMachineState };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function assertRestored(s: FakeMachineState): void {
  assert.equal(s.nrHugepages, '0');
  assert.equal(s.watermarkScaleFactor, '10');
  assert.equal(s.compAlgorithm, '[lzo-rle] lzo lz4');
  assert.equal(s.zramSwapOn, false);
  assert.equal(s.instanceLeft, false);
  assert.deepEqual(s.restoreFailures, []);
}

for (const command of ['capture', 'stress']) {
  test(`${command}: stdout and stderr closed pipes (EPIPE): the run goes to its end and restores`, async () => {
    const r = await guardedRun(command, 1.5, { closeOutput: true });
    assert.equal(r.code, 0);
    assert.equal(r.state.aborted, false);
    assertRestored(r.state);
  });

  for (const sig of ['SIGHUP', 'SIGTERM', 'SIGINT'] as const) {
    test(`${command}: ${sig} stops the run early and restores`, async () => {
      const r = await guardedRun(command, 60, { act: (pid) => process.kill(pid, sig) });
      assert.equal(r.code, 130);
      assert.equal(r.state.aborted, true);
      assertRestored(r.state);
    });
  }

  test(`${command}: an exception escaping a callback stops the run and restores`, async () => {
    const r = await guardedRun(command, 60, { mode: 'throw' });
    assert.equal(r.code, 130);
    assert.equal(r.state.aborted, true);
    assertRestored(r.state);
  });
}
