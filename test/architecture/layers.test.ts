// The three worlds import in one direction: src/core knows neither VS Code nor the DOM, the webview never reaches into
// the host, and the host never into the webview. Checked on the source text, so a stray import fails here, not in a
// bundle at run time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const repo = resolve(__dirname, '../..');

function sources(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) sources(p, out);
    else if (/\.ts$/.test(name) && !name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

function importsOf(text: string): string[] {
  return [...text.matchAll(/(?:from\s+|import\(\s*|require\(\s*)['"]([^'"]+)['"]/g)].map((m) => m[1]);
}

/** Uses of browser globals, ignoring comments and strings well enough for a source-level check. */
function domUses(text: string): string[] {
  // One left-to-right pass, so a '//' inside a string and a quote inside a comment are both read right.
  const code = text.replace(/\/\*[\s\S]*?\*\/|\/\/.*$|(['"`])(?:\\.|(?!\1)[^\\\n])*\1/gm, '""');
  return [...code.matchAll(/(?<![.\w$])(document|window|HTMLElement|localStorage|navigator)\s*[.[]/g)].map((m) => m[1]);
}

const rel = (f: string) => relative(repo, f);
const read = (f: string) => readFileSync(f, 'utf8');

test('src/core imports neither vscode nor the host, webview or CLI', () => {
  const bad: string[] = [];
  for (const f of sources(join(repo, 'src/core'))) {
    for (const spec of importsOf(read(f))) {
      if (spec === 'vscode' || /(^|\/)(extension|webview|cli)(\/|$)/.test(spec)) bad.push(`${rel(f)} imports ${spec}`);
    }
  }
  assert.deepEqual(bad, []);
});

test('src/core touches no DOM globals', () => {
  const bad = sources(join(repo, 'src/core')).flatMap((f) => domUses(read(f)).map((g) => `${rel(f)} uses ${g}`));
  assert.deepEqual(bad, []);
});

test('the webview imports only itself, src/shared and core types', () => {
  const bad: string[] = [];
  for (const f of sources(join(repo, 'webview'))) {
    for (const spec of importsOf(read(f))) {
      if (spec === 'vscode' || spec.includes('/extension/') || spec.includes('/cli/')) bad.push(`${rel(f)} imports ${spec}`);
    }
  }
  assert.deepEqual(bad, []);
});

test('the host never imports webview code', () => {
  const bad = sources(join(repo, 'src/extension')).flatMap((f) =>
    importsOf(read(f)).filter((s) => /(^|\/)webview\//.test(s) && !s.includes('shared')).map((s) => `${rel(f)} imports ${s}`));
  assert.deepEqual(bad, []);
});

test('the checks see what they look for, and not look-alikes', () => {
  // Guards against patterns that match nothing and pass forever.
  assert.deepEqual(importsOf("import * as vscode from 'vscode';\nconst m = await import('../webview/x');"), ['vscode', '../webview/x']);
  assert.deepEqual(domUses('const b = document.body; window["x"] = 1;'), ['document', 'window']);
  assert.deepEqual(domUses('if (f.window) use(f.window.durationS); // document.body\nconst s = "window.x //";'), []);
  assert.deepEqual(domUses("const u = 'https://x'; document.title = 'it\\'s';"), ['document']);
});
