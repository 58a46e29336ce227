import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SystraceUnwrapper } from './systraceHtml';

test('hands out only ftrace text inside trace-data blocks, up to the closing tag', () => {
  const u = new SystraceUnwrapper();
  const out: string[] = [];
  for (const l of ['<html>', '<script class="trace-data" type="application/text">[{"ph":"X"}]', 'still json', '</script>',
    '<script class="trace-data" type="application/text">  a-1 [000] 1.0: e: x', 'b-2 [000] 2.0: e: y</script>', 'c-3 [000] 3.0: e: z']) {
    const b = Buffer.from(l);
    const s = u.next(b, 0, b.length);
    if (s >= 0) out.push(b.toString('utf8', s, u.end));
  }
  assert.deepEqual(out, ['  a-1 [000] 1.0: e: x', 'b-2 [000] 2.0: e: y']);
});
