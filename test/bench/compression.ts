// Compression bench: lz4js (and our lzo-rle) on the replay's page corpus vs native lz4 on the same bytes.
// JavaScript speed here says how fast the corpus builds, never what a device's compression costs.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Lz4PageCompressor } from '../../src/core/model/zram/lz4Page';
import { LzoRlePageCompressor } from '../../src/core/model/zram/lzoRle';
import { PageCorpus } from '../../src/core/model/zram/corpus';
import { DEFAULT_MIX, PAGE_CLASSES, PAGE_SIZE } from '../../src/core/model/zram/pageClasses';

const TOTAL_PAGES = 2560; // 10 MiB
const PASSES = 5;

function mixedPages(corpus: PageCorpus): Uint8Array[] {
  const pages: Uint8Array[] = [];
  PAGE_CLASSES.forEach((cls, i) => {
    const raw = corpus.rawPages(cls);
    const n = Math.round(corpus.weights[i] * TOTAL_PAGES);
    for (let k = 0; k < n; k++) pages.push(raw[k % raw.length]);
  });
  return pages;
}

/** Median over passes (after two warm-ups) of the time to compress every page; also the compressed total. */
function timeCompress(pages: Uint8Array[], c: { compress(p: Uint8Array): number }): { ms: number; bytes: number } {
  let bytes = 0;
  const times: number[] = [];
  for (let pass = 0; pass < PASSES + 2; pass++) {
    bytes = 0;
    const t0 = performance.now();
    for (const p of pages) bytes += c.compress(p);
    if (pass >= 2) times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)], bytes };
}

function nativeLz4(file: string): { bytes: number; compMBps: number; decompMBps: number } | string {
  const r = spawnSync('lz4', ['-b1', '-B4096', '-i2', file], { encoding: 'utf8' });
  if (r.error) return `native lz4 not run: ${(r.error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no lz4 binary on PATH (Debian package lz4)' : r.error.message}`;
  const text = `${r.stdout}\n${r.stderr}`;
  const rows = text.split(/[\r\n]/).map((l) => /:\s*(\d+)\s*->\s*(\d+)\s*\(([\d.]+)\),\s*([\d.]+)\s*MB\/s\s*,\s*([\d.]+)\s*MB\/s/.exec(l)).filter((m) => m);
  const m = rows[rows.length - 1];
  if (!m) return `native lz4 output not understood: ${text.trim().slice(-200)}`;
  return { bytes: Number(m[2]), compMBps: Number(m[4]), decompMBps: Number(m[5]) };
}

const fmt = (x: number, d = 1) => x.toFixed(d);

export async function run(): Promise<void> {
  const t0 = performance.now();
  const lz4Corpus = PageCorpus.build({ algorithm: 'lz4', seed: 1 });
  const buildLz4 = performance.now() - t0;
  const lzoCorpus = PageCorpus.build({ algorithm: 'lzo-rle', seed: 1 });
  console.log(`corpus build (256 pages × ${PAGE_CLASSES.length} classes, real compression): lz4 ${fmt(buildLz4)} ms, lzo-rle ${fmt(lzoCorpus.buildMs)} ms`);
  const e = lz4Corpus.expected(true, 3625);
  console.log(`default mix ${Object.entries(DEFAULT_MIX).map(([k, v]) => `${k}=${v}`).join(',')}: lz4 ratio ${fmt(e.ratio, 3)}, ` +
    `lzo-rle ratio ${fmt(lzoCorpus.expected(true, 3625).ratio, 3)} (zram orig/compr, zeromap on)`);

  const pages = mixedPages(PageCorpus.build({ algorithm: 'lz4', seed: 1, keepPages: true }));
  const mb = (pages.length * PAGE_SIZE) / 1e6;
  const js = timeCompress(pages, new Lz4PageCompressor());
  const jsMBps = mb / (js.ms / 1000);
  console.log(`lz4js compressBlock (table zeroed per page), ${pages.length} mixed pages: ${fmt(jsMBps)} MB/s, ` +
    `${fmt(pages.length / (js.ms / 1000) / 1000)} k pages/s, ${fmt(js.bytes / pages.length)} B/page (incompressible counted 4096)`);
  const lzo = timeCompress(pages, new LzoRlePageCompressor());
  console.log(`lzo-rle (ours, JS), same pages: ${fmt(mb / (lzo.ms / 1000))} MB/s, ${fmt(pages.length / (lzo.ms / 1000) / 1000)} k pages/s, ` +
    `${fmt(lzo.bytes / pages.length)} B/page`);

  const dir = mkdtempSync(join(tmpdir(), 'rr-bench-'));
  try {
    const file = join(dir, 'pages.bin');
    const all = new Uint8Array(pages.length * PAGE_SIZE);
    pages.forEach((p, i) => all.set(p, i * PAGE_SIZE));
    writeFileSync(file, all);
    const native = nativeLz4(file);
    if (typeof native === 'string') {
      console.log(native);
      return;
    }
    console.log(`native lz4 -b1 -B4096 -i2, same bytes: ${fmt(native.compMBps)} MB/s compress, ${fmt(native.decompMBps)} MB/s decompress, ` +
      `${fmt(native.bytes / pages.length)} B/page (incompressible blocks counted at their LZ4 size)`);
    console.log(`js / native compress speed: ${fmt(jsMBps / native.compMBps, 3)}; js / native bytes per page: ${fmt(js.bytes / native.bytes, 3)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
