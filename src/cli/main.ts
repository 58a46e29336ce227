// reclaim-replay: a thin shell over src/core. Each subcommand lives in its own file and exports `run(argv)`.
import { CancelledError, CaptureError, OptionError } from '../core/errors';
import { version } from '../../package.json';
import { setFlagsFromString } from 'node:v8';
import { commands, usage } from './commands';

// The replay, sweep and batch workers (isolates made after this line) compile their hot functions on their own
// thread: the CLI is a batch job that waits for them anyway, and concurrent TurboFan compilation cost capture A's
// cold replay about 0.35 s more CPU (3.35 → 2.96 s, median of 4, same run), compile jobs of functions deoptimised
// and re-optimised again and again as the three scenarios run.
setFlagsFromString('--no-concurrent-recompilation');

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
