// Flag parsing shared by the subcommands that take one capture: `--help` prints the usage, and an unknown flag or a
// missing capture is an OptionError that carries the usage (main.ts prints it and exits 2).
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { OptionError } from '../core/errors';

type Options = NonNullable<ParseArgsConfig['options']>;
const HELP = { help: { type: 'boolean', short: 'h' } } as const;

export function captureArgs<O extends Options>(command: string, argv: string[], options: O, usage: string) {
  const config = { args: argv, allowPositionals: true as const, options: { ...options, ...HELP } };
  let parsed: ReturnType<typeof parseArgs<typeof config>>;
  try {
    parsed = parseArgs(config);
  } catch (err) {
    throw new OptionError(command, `${(err as Error).message}\n${usage}`);
  }
  if ((parsed.values as { help?: boolean }).help) {
    console.log(usage);
    return null;
  }
  if (parsed.positionals.length !== 1) throw new OptionError(command, `expects one capture file or folder\n${usage}`);
  return { values: parsed.values, capture: parsed.positionals[0] };
}
