import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createCommandQueue } from '../../../electron/core/supervisor/command-queue.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

test('commands of one key run one at a time in arrival order; other keys are not held up', async () => {
  const q = createCommandQueue();
  const log: string[] = [];
  const job = (name: string, ms: number) => async () => {
    log.push(`+${name}`);
    await sleep(ms);
    log.push(`-${name}`);
    return name;
  };
  const all = Promise.all([q.run('web', job('a', 30)), q.run('web', job('b', 1)), q.run('api', job('x', 1))]);
  assert.deepEqual(await all, ['a', 'b', 'x']);
  assert.deepEqual(
    log.filter((e) => !e.includes('x')),
    ['+a', '-a', '+b', '-b'],
  );
  assert.ok(log.indexOf('-x') < log.indexOf('-a'), 'api ran while web was busy');
  assert.equal(q.busy(), 0);
});

test('restarts sent together coalesce into one that has not begun; a stop after them is not jumped', async () => {
  const q = createCommandQueue();
  const log: string[] = [];
  let n = 0;
  const restart = () =>
    q.coalesce('web', 'restart', async () => {
      await sleep(5);
      log.push('restart');
      return ++n;
    });
  const busy = q.run('web', () => sleep(20)); // a command under way: restarts queue behind it
  const twenty = Array.from({ length: 20 }, restart);
  const stop = q.run('web', async () => void log.push('stop'));
  const late = restart();
  const results = await Promise.all([busy, ...twenty, stop, late]);
  assert.deepEqual(log, ['restart', 'stop', 'restart']);
  assert.ok(
    results.slice(1, 21).every((r) => r === 1),
    'the 20 restarts share one outcome',
  );
  assert.equal(results[22], 2, 'a restart after the stop runs after it');
});

test('a failing command answers its caller and does not block the next', async () => {
  const q = createCommandQueue();
  const bad = q.run('web', async () => {
    throw new Error('no');
  });
  const good = q.run('web', async () => 'ok');
  await assert.rejects(bad, /no/);
  assert.equal(await good, 'ok');
});
