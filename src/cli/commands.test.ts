import assert from 'node:assert/strict';
import { test } from 'node:test';
import { commands, usage } from './commands';
import { REPLAY_OPTION_FLAGS } from './replayCommand';

const flagsOf = (text: string): string[] => [...text.matchAll(/--([a-z][\w-]*)/g)].map((m) => m[1]);

/** What `reclaim-replay <name> --help` prints. */
async function helpOf(name: string, t: { mock: { method: typeof import('node:test').mock.method } }): Promise<string> {
  const log = t.mock.method(console, 'log', () => {});
  try {
    assert.equal(await (await commands[name].load()).run(['--help']), 0, `${name} --help`);
    return log.mock.calls.map((c) => String(c.arguments[0])).join('\n');
  } finally {
    log.mock.restore();
  }
}

// trial12 #11: the top-level help listed `compare <before> <after> [--json]` (no --predict), its columns misaligned.
test('the top-level help gives each command\'s own synopsis: every flag it names is the command\'s, and its first usage line\'s own flags are there', async (t) => {
  for (const [name, c] of Object.entries(commands)) {
    const help = await helpOf(name, t);
    assert.ok(help.includes(`usage: reclaim-replay ${c.synopsis.split(' ')[0]}`), `${name}: ${help.split('\n')[0]}`);
    for (const f of flagsOf(c.synopsis)) assert.ok(flagsOf(help).includes(f), `${name}: --${f} is not in its --help`);
    if (/…|\[options\]/.test(c.synopsis)) continue;
    const own = flagsOf(help.split('\n')[0].replace(/\[replay options[^\]]*\]/, '')).filter((f) => !Object.hasOwn(REPLAY_OPTION_FLAGS, f));
    assert.deepEqual(own.filter((f) => !c.synopsis.includes(`--${f}`)), [], `${name}'s synopsis: ${c.synopsis}`);
  }
});

test('the top-level help: the commands\' names in one column, each summary and synopsis starting in the next', () => {
  const lines = usage().split('\n').filter((l) => /^ {2}\S/.test(l) || /^ {4,}\S/.test(l)).filter((l) => !l.startsWith('  --'));
  const column = (l: string) => /^ {2}\S+ +/.exec(l)?.[0].length ?? /^ +/.exec(l)![0].length;
  assert.equal(lines.length, 2 * Object.keys(commands).length);
  assert.deepEqual([...new Set(lines.map(column))], [column(lines[0])], lines.join('\n'));
  assert.ok(usage().includes('compare <before> <after> [--json] [--predict] [replay options]'));
  const listed = flagsOf(usage().slice(usage().indexOf('replay options:'), usage().indexOf('Run `')));
  assert.deepEqual(listed.sort(), Object.keys(REPLAY_OPTION_FLAGS).sort(), 'the replay options line names exactly the replay options');
});
