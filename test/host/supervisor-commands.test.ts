import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Engine } from '../../electron/core/engine.js';
import { findMarkedLaunches } from '../../electron/core/supervisor/find-marked.js';
import { homeIdFor } from '../../electron/core/supervisor/child-env.js';
import { checkBindable } from '../../electron/core/ports/free-check.js';
import { fixture, sleep, waitFor } from '../helpers/processes.js';
import { findFreeBlock } from '../helpers/ports.js';
import { engineSuite } from '../helpers/engines.js';

/** Issue 8 §3 through the contract: the commands a face sends, answered truthfully, with one outcome. */
const engines = engineSuite();

const node = JSON.stringify(process.execPath);
const server = JSON.stringify(fixture('server'));

async function newEngine(backoffScale = 1): Promise<{ engine: Engine; dir: string; copies: (p: string) => number }> {
  const dir = engines.dataDir();
  const engine = await engines.start(dir, { backoffScale });
  return { engine, dir, copies: (profile) => findMarkedLaunches(homeIdFor(dir), { profile }).size };
}

test('20 instances.restart and one instances.stop sent together: every answer true, nothing left running', async () => {
  const { engine, dir, copies } = await newEngine();
  const block = await findFreeBlock(4, 61670);
  const saved = await engine.api['profiles.save']({
    profile: {
      name: 'web',
      command: `exec ${node} ${server}`,
      cwd: dir,
      ports: [{ name: 'PORT', preferred: block[0]!, range: [block[0]!, block[3]!] }],
    },
  });
  assert.ok(saved.ok, JSON.stringify(saved));
  const started = await engine.api['instances.start']({ target: 'web', wait: true });
  assert.ok(started.ok && started.value.instances[0]?.status === 'ready', JSON.stringify(started));

  const restarts = Array.from({ length: 20 }, () => engine.api['instances.restart']({ target: 'web' }));
  const stop = engine.api['instances.stop']({ target: 'web' });
  const answers = await Promise.all(restarts);
  const stopped = await stop;
  for (const a of answers) assert.ok(a.ok, JSON.stringify(a));
  assert.ok(
    stopped.ok && stopped.value.instances.length === 1 && stopped.value.instances[0]!.status === 'stopped',
    JSON.stringify(stopped),
  );
  // The restarts started the copy the stop then stopped: they say so (status stopped), not "ready".
  for (const a of answers) if (a.ok) assert.equal(a.value.instances[0]?.id, stopped.value.instances[0]?.id);
  await sleep(300);
  assert.equal(copies('web'), 0);
  for (const port of block) assert.equal((await checkBindable(port)).ok, true, `port ${port} is free`);
});

test('start and stop in the same write: the stop stops what the start launched', async () => {
  const { engine, dir, copies } = await newEngine();
  const [port] = await findFreeBlock(1, 61676);
  await engine.api['profiles.save']({
    profile: { name: 'race', command: `exec ${node} ${server}`, cwd: dir, ports: [{ name: 'PORT', preferred: port! }] },
  });
  const [start, stop] = await Promise.all([
    engine.api['instances.start']({ target: 'race', wait: false }),
    engine.api['instances.stop']({ target: 'race' }),
  ]);
  assert.ok(start.ok && stop.ok);
  assert.equal(stop.value.instances.length, 1, 'the stop saw the instance the start launched');
  assert.equal(stop.value.instances[0]!.id, start.value.instances[0]!.id);
  assert.equal(stop.value.instances[0]!.status, 'stopped');
  await sleep(300);
  assert.equal(copies('race'), 0);
  assert.equal((await checkBindable(port!)).ok, true);
});

test('instances.stop during a restart backoff answers stopped and no restart follows', async () => {
  const { engine, dir, copies } = await newEngine();
  await engine.api['profiles.save']({
    profile: {
      name: 'crash',
      command: `${node} -e "setTimeout(() => process.exit(3), 800)"`,
      cwd: dir,
      restart: 'on-failure',
    },
  });
  await engine.api['instances.start']({ target: 'crash', wait: false });
  await waitFor(() => engine.supervisor.list().some((i) => i.profile === 'crash' && i.nextRestartAt !== null), 15_000);
  const r = await engine.api['instances.stop']({ target: 'crash' });
  assert.ok(r.ok && r.value.instances.length === 1, JSON.stringify(r));
  assert.equal(r.value.instances[0]!.status, 'stopped');
  await sleep(2000);
  assert.equal(
    engine.supervisor.list().filter((i) => i.profile === 'crash' && (i.pid !== null || i.nextRestartAt !== null))
      .length,
    0,
  );
  assert.equal(copies('crash'), 0);
});
