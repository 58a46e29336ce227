import { test } from 'node:test';
import assert from 'node:assert/strict';
import { webcrypto } from 'node:crypto';
import { makeNonce, webviewHtml } from './webviewHtml';

const input = { cspSource: 'https://file+.vscode-resource.test', nonce: 'abc123', scriptUri: 'https://x/dist/webview/main.js', styleUri: 'https://x/dist/webview/main.css' };

test('the CSP forbids everything but the nonce script and own-origin styles/images', () => {
  const html = webviewHtml(input);
  const csp = /content="([^"]*)"/.exec(html)![1];
  assert.match(csp, /^default-src 'none'/);
  assert.match(csp, /script-src 'nonce-abc123'/);
  assert.match(csp, /style-src https:\/\/file\+\.vscode-resource\.test(;|$)/);
  assert.match(csp, /img-src https:\/\/file\+\.vscode-resource\.test data:/);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
});

test('one script, carrying the nonce; no inline script or style', () => {
  const html = webviewHtml(input);
  const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
  assert.equal(scripts.length, 1);
  assert.match(scripts[0][1], /nonce="abc123"/);
  assert.equal(scripts[0][2], '');
  assert.doesNotMatch(html, /\sstyle=|<style/);
});

test('nonces are 32 url-safe characters and differ', () => {
  const r = (b: Uint8Array) => webcrypto.getRandomValues(b);
  const a = makeNonce(r);
  assert.match(a, /^[A-Za-z0-9_-]{32}$/);
  assert.notEqual(a, makeNonce(r));
});
