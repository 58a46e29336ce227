// reclaim-replay: a thin shell over src/core. Each subcommand lives in its own file and exports `run(argv)`.
import { CancelledError, CaptureError, OptionError } from '../core/errors';
import { version } from '../../package.json';
import { setFlagsFromString } from 'node:v8';

// The replay, sweep and batch workers (isolates made after this line) compile their hot functions on their own
// thread: the CLI is a batch job that waits for them anyway, and concurrent TurboFan compilation cost capture A's
// cold replay about 0.35 s more CPU (3.35 → 2.96 s, median of 4, same run), compile jobs of functions deoptimised
// and re-optimised again and again as the three scenarios run.
setFlagsFromString('--no-concurrent-recompilation');

type Command = { summary: string; load: () => Promise<{ run(argv: string[]): Promise<number> }> };

const commands: Record<string, Command> = {
  parse: { summary: 'parse <file-or-folder> [--json]          summary of a capture', load: () => import('./parseCommand') },
  replay: { summary: 'replay <capture> [--json] [--html FILE] …  baseline vs kcompressd', load: () => import('./replayCommand') },
  compare: { summary: 'compare <before> <after> [--json]          two captures side by side', load: () => import('./compareCommand') },
  sweep: { summary: 'sweep <capture> --kcompressd 1,2,4 …      what-if grid of replays', load: () => import('./sweepCommand') },
  batch: { summary: 'batch <folder-or-manifest> --out DIR …   replay many captures: JSON each + summary table', load: () => import('./batchCommand') },
  calibrate: { summary: 'calibrate <capture> --out profile.json    derive a device profile', load: () => import('./calibrateCommand') },
  capture: { summary: 'capture --out DIR --seconds N [--adb]     record a capture (root)', load: () => import('./captureCommand') },
  stress: { summary: 'stress [--seconds N]                      make real reclaim into zram (root)', load: () => import('./stressCommand') },
  lab: { summary: 'lab build|run|pair …                      measure kcompressd in a patched kernel under QEMU', load: () => import('./labCommand') },
};

function usage(): string {
  return ['usage: reclaim-replay <command> [options]', '', ...Object.values(commands).map((c) => `  ${c.summary}`), '',
    'Run `reclaim-replay <command> --help` (or `reclaim-replay help <command>`) for its options; `reclaim-replay --version` prints the version.'].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--version' || name === '-V') {
    console.log(`reclaim-replay ${version}`);
    return 0;
  }
  if (name === 'help' && rest[0] !== undefined && commands[rest[0]]) return (await commands[rest[0]].load()).run(['--help']);
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(usage());
    return name ? 0 : 2;
  }
  const cmd = commands[name];
  if (!cmd) {
    console.error(`reclaim-replay: unknown command '${name}'\n${usage()}`);
    return 2;
  }
  return (await cmd.load()).run(rest);
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err: unknown) => {
    if (err instanceof CaptureError || err instanceof OptionError) {
      console.error(`reclaim-replay: ${err.message}`);
      process.exitCode = 2;
    } else if (typeof (err as NodeJS.ErrnoException)?.code === 'string' && typeof (err as NodeJS.ErrnoException).path === 'string') {
      // A file operation that failed after the up-front checks (full disk, a folder removed meanwhile): one line.
      const e = err as NodeJS.ErrnoException;
      console.error(`reclaim-replay: ${e.path}: ${e.syscall ?? 'file operation'} failed (${e.code})`);
      process.exitCode = 2;
    } else if (err instanceof CancelledError) {
      console.error('reclaim-replay: cancelled');
      process.exitCode = 130;
    } else {
      console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
      process.exitCode = 1;
    }
  },
);
