// Test helper: files in a fresh temporary folder (plain, or gzip when the name ends in .gz).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export function tempDir(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(join(tmpdir(), 'rr-capture-'));
  for (const [name, content] of Object.entries(files)) {
    const buf = typeof content === 'string' ? Buffer.from(content) : content;
    writeFileSync(join(dir, name), name.endsWith('.gz') ? gzipSync(buf) : buf);
  }
  return dir;
}

export function tempFile(name: string, content: string | Buffer): string {
  return join(tempDir({ [name]: content }), name);
}
