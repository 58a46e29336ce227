// Flag parsing shared by the subcommands: `--help` prints the usage; a negative number after a flag that takes a value
// is that value (`--seed -1` reaches the range check, which names the flag and its allowed range); an unknown flag or
// a missing value is a one-line OptionError naming the flag, followed by the usage (main.ts prints it and exits 2).
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { OptionError } from '../core/errors';
import { RENAMED_OPTIONS, renamedNote } from '../core/vocabulary';

type Options = NonNullable<ParseArgsConfig['options']>;
const HELP = { help: { type: 'boolean', short: 'h' } } as const;

/** `--flag -3` → `--flag=-3` for the flags that take a value, so parseArgs does not take -3 for a flag. */
function joinNegativeValues(argv: string[], options: Options): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const name = a.startsWith('--') ? a.slice(2) : undefined;
    if (name !== undefined && options[name]?.type === 'string' && /^-(\d|\.\d)/.test(argv[i + 1] ?? '')) {
      out.push(`${a}=${argv[++i]}`);
    } else out.push(a);
  }
  return out;
}

/** parseArgs' message in the field's words: which flag, and what is wrong with it. */
function reason(err: Error & { code?: string }, command: string): { flag: string; why: string } {
  const flag = /'(-[^' ]+)/.exec(err.message)?.[1] ?? command;
  if (err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return { flag, why: 'is not an option of this command' };
  if (/argument missing/.test(err.message)) return { flag, why: 'needs a value' };
  if (/does not take an argument/.test(err.message)) return { flag, why: 'takes no value' };
  if (err.code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') return { flag: command, why: `takes no argument '${/'([^']*)'/.exec(err.message)?.[1] ?? ''}'` };
    return { flag, why: err.message.split('\n')[0] };
}

/** parseArgs over `options` + --help (positionals allowed unless `positionals` is false); errors are OptionErrors
 *  (one line, then the usage). A command that takes an option the vocabulary renamed takes its old name too
 *  (renamedFlags): replay, compare, batch, sweep and lab all read `--workers` as `--kcompressd`. */
export function parseFlags<O extends Options>(command: string, argv: string[], options: O, usage: string, positionals = true) {
  const renames = Object.entries(RENAMED_OPTIONS).some(([old, to]) => Object.hasOwn(options, to) && !Object.hasOwn(options, old));
  const config = { args: joinNegativeValues(renames ? renamedFlags(argv) : argv, options), allowPositionals: positionals, options: { ...options, ...HELP }, tokens: true as const };
  let parsed;
  try {
    parsed = parseArgs(config);
  } catch (err) {
    const { flag, why } = reason(err as Error, command);
    throw new OptionError(flag, `${why}\n${usage}`);
  }
  // parseArgs keeps the last of a repeated flag: `--kcompressd 2 --kcompressd 3` would silently run 3.
  const seen = new Map<string, string | undefined>();
  for (const t of parsed.tokens) {
    if (t.kind !== 'option' || options[t.name]?.multiple) continue;
    if (seen.has(t.name)) {
      const values = [seen.get(t.name), t.value].filter((v) => v !== undefined).join(' and ');
      throw new OptionError(`--${t.name}`, `is given twice${values ? ` (${values})` : ''}: give it once\n${usage}`);
    }
    seen.set(t.name, t.value);
  }
  return parsed;
}

export function captureArgs<O extends Options>(command: string, argv: string[], options: O, usage: string) {
  const parsed = parseFlags(command, argv, options, usage);
  if ((parsed.values as { help?: boolean }).help) {
    console.log(usage);
    return null;
  }
  if (parsed.positionals.length !== 1) throw new OptionError(command, `expects one capture file or folder\n${usage}`);
  return { values: parsed.values, capture: parsed.positionals[0] };
}

/**
 * The vocabulary's old flag names still accepted: `--old V` / `--old=V` read as `--new`, with a one-line note on
 * stderr naming the vocabulary's name (the worker count is `--kcompressd` in every command).
 */
export function renamedFlags(argv: string[], note = (m: string) => console.error(m)): string[] {
  return argv.map((a) => {
    const m = /^--([\w-]+)(=.*)?$/.exec(a);
    const to = m && Object.hasOwn(RENAMED_OPTIONS, m[1]) ? RENAMED_OPTIONS[m[1]] : undefined;
    if (!m || to === undefined) return a;
    note(`reclaim-replay: ${renamedNote('--', m[1])}`);
    return `--${to}${m[2] ?? ''}`;
  });
}
