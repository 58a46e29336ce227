// The CLI's commands: each one's synopsis as its own `--help` gives it, what it does, and its module (loaded on use).

type Command = { synopsis: string; summary: string; load: () => Promise<{ run(argv: string[]): Promise<number> }> };

export const commands: Record<string, Command> = {
  parse: { synopsis: 'parse <file-or-folder> [--json]', summary: 'summary of a capture', load: () => import('./parseCommand') },
  replay: { synopsis: 'replay <capture> [--json] [--html FILE] [--measured-after CAPTURE] [replay options]', summary: 'baseline vs kcompressd', load: () => import('./replayCommand') },
  compare: { synopsis: 'compare <before> <after> [--json] [--predict] [replay options]', summary: 'two captures side by side', load: () => import('./compareCommand') },
  sweep: { synopsis: 'sweep <capture> [--kcompressd N,N…] [--queue N,N…] [--cpus N,N…] …', summary: 'what-if grid of replays', load: () => import('./sweepCommand') },
  batch: { synopsis: 'batch <folder-or-manifest> --out DIR [--jobs N] [--shard I/N] [--no-cache] [replay options]', summary: 'replay many captures: JSON each + summary table', load: () => import('./batchCommand') },
  calibrate: { synopsis: 'calibrate <capture> --out profile.json [--compress-share F] …', summary: 'derive a device profile', load: () => import('./calibrateCommand') },
  capture: { synopsis: 'capture --out DIR --seconds N [--with-stress | -- COMMAND…] [--adb]', summary: 'record a capture (root)', load: () => import('./captureCommand') },
  stress: { synopsis: 'stress [--seconds N] [options]', summary: 'make real reclaim into zram (root)', load: () => import('./stressCommand') },
  lab: { synopsis: 'lab build|run|pair [options]', summary: 'measure kcompressd in a patched kernel under QEMU', load: () => import('./labCommand') },
};

/** The top-level usage: the commands' names in one column; beside each, what it does and below that its synopsis. */
export function usage(): string {
  const width = Math.max(...Object.keys(commands).map((n) => n.length));
  const pad = ' '.repeat(width);
  return ['usage: reclaim-replay <command> [options]', '',
    ...Object.entries(commands).flatMap(([name, c]) => [`  ${name.padEnd(width)}  ${c.summary}`, `  ${pad}  ${c.synopsis}`]), '',
    'replay options: --kcompressd N --queue N --variant V --cpus N --profile P --algorithm A --compress-share F --pressure P',
    '  --seed S --validate V (what each means: reclaim-replay help replay)',
    'Run `reclaim-replay <command> --help` (or `reclaim-replay help <command>`) for its options; `reclaim-replay --version` prints the version.'].join('\n');
}
