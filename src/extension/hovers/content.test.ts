import { test } from 'node:test';
import assert from 'node:assert/strict';
import { commandUri, firstCodeMention, hoverMarkdown, HOVER_COMMANDS, inlineHint, mentionsAny, escapeMarkdown } from './content';
import { IDENTIFIERS, identifiersFor, lookup } from './identifiers';
import { fakeResult } from '../../../test/fixtures/fakeResult';

const id = (name: string) => IDENTIFIERS.find((i) => i.name === name)!;

test('schedule_bio_write shows the queued share and the -EBUSY fallbacks of the replay', () => {
  const md = hoverMarkdown(id('schedule_bio_write'), fakeResult(0));
  assert.match(md, /queued to kcompressd: \*\*96\.8 %\*\*/);
  assert.match(md, /-EBUSY fallbacks compressed in kswapd: \*\*3\.3 %\*\*/);
  // Per worker against the per-worker size: never the sum (5461) over one FIFO's 4096.
  assert.match(md, /FIFO high-water mark per worker: \*\*4,096 · 1,365 · 0 · 0\*\* of 4,096 entries per worker/);
  assert.doesNotMatch(md, /5,?461/);
});

test('kcompressd shows per-worker busy %, pages and µs/page', () => {
  const r = fakeResult(0);
  const md = hoverMarkdown(id('kcompressd'), r);
  assert.match(md, /\| kcompressd:0 \| 88\.0 \| 400,000 \| 11\.5 \|/);
  // An idle worker has no cost per page.
  assert.match(md, /\| kcompressd:3 \| 0\.0 \| 0 \| idle \| 0 \|/);
  assert.doesNotMatch(md, /0\.0 µs/);
  assert.match(md, /pgsteal_anon\/s: 300,000 → 720,000 \(\*\*×2\.40\*\*\)/);
});

test('a hover with many workers keeps its links visible: rows past four go behind a "more" link', () => {
  const r = fakeResult(0);
  const k = r.kcompressd;
  const eight = (a: number[]) => [...a, ...a];
  Object.assign(k, { workerBusyPct: eight(k.workerBusyPct), workerPages: eight(k.workerPages), workerUsPerPage: eight(k.workerUsPerPage) });
  const md = hoverMarkdown(id('kcompressd'), r);
  assert.doesNotMatch(md, /kcompressd:4 \|/);
  assert.match(md, /4 more workers: \[more\]\(command:reclaimReplay\.showResults\)/);
  assert.match(md, /Re-run with:/);
  // The speed-up and the links come before the table, so a tall hover never hides them.
  assert.ok(md.indexOf('pgsteal_anon/s') < md.indexOf('| worker |') && md.indexOf('Re-run with:') < md.indexOf('| worker |'), md);
});

test('re-run links are command URIs for this extension only, skipping the current value', () => {
  const md = hoverMarkdown(id('queue_size_per_kcompressd'), fakeResult(0));
  const cmds = [...md.matchAll(/\(command:([\w.]+)\?([^)]*)\)/g)];
  assert.ok(cmds.length >= 3);
  for (const [, c, q] of cmds) {
    assert.ok(HOVER_COMMANDS.includes(c));
    const [args] = JSON.parse(decodeURIComponent(q));
    assert.notEqual(args.queue, 4096);
  }
  assert.equal(commandUri('x.y', { queue: 1 }), `command:x.y?${encodeURIComponent('[{"queue":1}]')}`);
});

test('without a replay the hover explains and links to a run', () => {
  const md = hoverMarkdown(id('schedule_bio_write'), undefined);
  assert.match(md, /first worker FIFO with room/);
  assert.match(md, /\(command:reclaimReplay\.replayTrace\)/);
  assert.doesNotMatch(md, /queued to kcompressd/);
});

test('unavailable figures are shown with their reason, not as zero', () => {
  const r = fakeResult(0);
  r.kcompressd.queuedPct = { unavailable: 'mm variant has no per-bio queue' };
  assert.match(hoverMarkdown(id('schedule_bio_write'), r), /n\/a \(mm variant has no per-bio queue\)/);
});

test('lookup respects the file each identifier lives in', () => {
  assert.equal(lookup('schedule_bio_write', 'zram_drv.c')?.name, 'schedule_bio_write');
  assert.equal(lookup('balance_pgdat', 'kcompressd.c'), undefined);
  assert.equal(lookup('balance_pgdat', 'vmscan.c')?.name, 'balance_pgdat');
  assert.equal(lookup('printk', 'kcompressd.c'), undefined);
  assert.ok(identifiersFor('kcompressd.c').some((i) => i.name === 'INIT_QUEUE_SIZE'));
});

test('files sharing the name but none of the identifiers stay quiet', () => {
  const names = identifiersFor('kcompressd.c').map((i) => i.name);
  assert.equal(mentionsAny('int main(void) { return kcompressd_x; }', names), false);
  assert.equal(mentionsAny('static int nr_kcompressd = 4;', names), true);
});

test('inline hints are one line from the first figure group', () => {
  assert.equal(inlineHint(id('kcompressd'), fakeResult(0)), 'busy 88 · 61 · 20 · 0 %');
  assert.equal(inlineHint(id('schedule_bio_write'), fakeResult(0)), 'queued 96.8 %, -EBUSY 3.3 %');
});

test('inline hints go on the first code line that names the identifier, not on comments', () => {
  const text = '/*\n * kcompressd-style offload\n */\n// kcompressd here too\nstatic int kcompressd(void *arg)\n';
  assert.equal(firstCodeMention(text, 'kcompressd'), text.indexOf('static int kcompressd') + 'static int '.length);
  assert.equal(firstCodeMention('/* only nr_kcompressd in a comment */', 'nr_kcompressd'), undefined);
  assert.equal(firstCodeMention('int nr_kcompressd_x;', 'nr_kcompressd'), undefined);
});

test('capture paths and profile names are escaped in the hover: no link, command or markup can come from them', () => {
  const hostile = '/tmp/[x](command:workbench.action.terminal.new)`<img src=x>`*b*';
  const e = escapeMarkdown(hostile);
  assert.ok(!/(^|[^\\])\[/.test(e) && !/(^|[^\\])</.test(e) && !/(^|[^\\])`/.test(e), e);
  assert.equal(e.replace(/\\(.)/g, '$1'), hostile);
});
