import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createMallocTrimmer, loadLibc } from '../../../electron/core/processes/linux-libc.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

test('activity arms one trim after the quiet time; an idle trimmer trims nothing; close cancels', async () => {
  let trims = 0;
  const trimmer = createMallocTrimmer(100, () => trims++);
  trimmer.activity();
  trimmer.activity();
  await sleep(50);
  trimmer.activity(); // does not postpone the trim already armed
  await sleep(400);
  assert.equal(trims, 1, 'a burst of activity is one trim');
  await sleep(400);
  assert.equal(trims, 1, 'nothing happened since: no trim');
  trimmer.activity();
  await sleep(400);
  assert.equal(trims, 2);
  trimmer.activity();
  trimmer.close();
  await sleep(400);
  assert.equal(trims, 2, 'a closed trimmer trims nothing');
});

test(
  'the default trim returns memory freed below live blocks to the system',
  { skip: (process.platform !== 'linux' || !loadLibc()?.mallocTrim) && "needs glibc's malloc_trim" },
  () => {
    // 64 MiB in 16 KiB blocks (below glibc's mmap threshold, so on its heap), one in eight kept: the
    // freed blocks between kept ones stay resident until a trim gives their pages back.
    const url = new URL('../../../electron/core/processes/linux-libc.js', import.meta.url).href;
    const script = `const { createMallocTrimmer } = await import(${JSON.stringify(url)});
const { readFileSync } = await import('node:fs');
const rss = () => Number(/VmRSS:\\s+(\\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))[1]) / 1024;
let blocks = [];
for (let i = 0; i < 4096; i++) blocks.push(Buffer.allocUnsafeSlow(16384).fill(1));
const kept = blocks.filter((_, i) => i % 8 === 7);
blocks = null;
for (let i = 0; i < 3; i++) { globalThis.gc(); await new Promise((r) => setTimeout(r, 50)); }
const before = rss();
createMallocTrimmer(1).activity();
await new Promise((r) => setTimeout(r, 200));
console.log(JSON.stringify({ before, after: rss(), kept: kept.length }));`;
    const r = spawnSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', script], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    assert.equal(r.status, 0, r.stderr);
    const { before, after } = JSON.parse(r.stdout) as { before: number; after: number };
    assert.ok(before - after >= 20, `RSS ${before.toFixed(1)} → ${after.toFixed(1)} MiB: at least 20 MiB given back`);
  },
);
