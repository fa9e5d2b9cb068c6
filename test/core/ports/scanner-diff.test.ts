import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyDiff, diffResults } from '../../../electron/core/ports/scanner-diff.js';
import type { Listener, ScanResult } from '../../../electron/core/ports/types.js';

/**
 * The worker posts diffs and the main thread patches its copy: for any two results, the patched copy
 * equals the new result, and listeners that did not change keep their objects. Checked on random
 * changes, with inodes (Linux: diffed by object) and without (lsof, netstat: keyed by pid, `#n`).
 */
let seed = 42;
const rand = (n: number): number => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed % n;
};

function listener(port: number, inode: number, pid: number, address = '127.0.0.1'): Listener {
  const owner = { pid, process: 'node', command: `node s${pid}.js`, user: 'me', startTime: 1, startKey: `k${pid}` };
  return {
    port,
    address,
    family: address.includes(':') ? 6 : 4,
    pid,
    process: 'node',
    command: owner.command,
    user: 'me',
    startTime: 1,
    holders: [owner],
    inode,
  };
}

const order = (a: Listener, b: Listener): number =>
  a.port - b.port ||
  a.family - b.family ||
  (a.address < b.address ? -1 : a.address > b.address ? 1 : 0) ||
  a.inode - b.inode ||
  (a.pid ?? 0) - (b.pid ?? 0);
const result = (ls: Listener[]): ScanResult => ({ listeners: [...ls].sort(order), source: 'test', takenAt: 1 });

for (const keyed of [true, false]) {
  test(`a patched copy equals the new result over 300 random changes (${keyed ? 'inodes' : 'no inodes'})`, () => {
    let nextInode = 1000;
    const fresh = (): Listener =>
      listener(3000 + rand(40), keyed ? nextInode++ : 0, 100 + rand(5), rand(3) === 0 ? '::1' : '127.0.0.1');
    let truth = result(Array.from({ length: 30 }, fresh));
    let copy = applyDiff(null, diffResults(null, truth)!);
    for (let round = 0; round < 300; round++) {
      const ls = [...truth.listeners];
      for (let k = rand(4); k > 0 && ls.length > 0; k--) ls.splice(rand(ls.length), 1); // removed
      for (let k = rand(4); k > 0; k--) ls.push(fresh()); // added
      if (rand(3) === 0 && ls.length > 0) {
        const i = rand(ls.length); // same socket, another owner (the parent exited)
        ls[i] = { ...ls[i]!, pid: ls[i]!.pid! + 1, holders: [{ ...ls[i]!.holders[0]!, pid: ls[i]!.pid! + 1 }] };
      }
      const next = result(ls);
      const diff = diffResults(truth, next);
      if (diff === null) {
        assert.deepEqual(next.listeners, truth.listeners, 'null only when nothing differs');
        continue;
      }
      const patched = applyDiff(copy, diff);
      assert.deepEqual(patched.listeners, next.listeners, `round ${round}`);
      const kept = new Set(copy.listeners);
      const unchanged = patched.listeners.filter((l) => kept.has(l)).length;
      assert.ok(unchanged >= next.listeners.length - diff.added.length - diff.changed.length);
      truth = next;
      copy = patched;
    }
  });
}

test('an unchanged result is no diff, and a patched copy keeps the objects of unchanged listeners', () => {
  const a = listener(3000, 1, 10);
  const b = listener(3001, 2, 11);
  const prev = result([a, b]);
  assert.equal(diffResults(prev, result([a, b])), null);
  const c = listener(3002, 3, 12);
  const diff = diffResults(prev, result([a, b, c]))!;
  assert.deepEqual(diff.added, [c]);
  assert.deepEqual(diff.removed, []);
  const copy = applyDiff(null, diffResults(null, prev)!);
  const patched = applyDiff(copy, diff);
  assert.equal(patched.listeners[0], copy.listeners[0]);
  assert.equal(patched.listeners[1], copy.listeners[1]);
});
