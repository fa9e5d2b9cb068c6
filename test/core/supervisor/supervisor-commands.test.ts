import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { checkBindable } from '../../../electron/core/ports/free-check.js';
import { isAlive, sleep, waitFor } from '../../helpers/processes.js';
import { findFreeBlock } from '../../helpers/ports.js';
import { node, server, supervisorSuite } from './supervisor-setup.js';

/** Issue 8 §3 and §9: one outcome per command whatever the timing; SIGTERM once; a forced stop says so. */
const { setup } = supervisorSuite();
const termCount = JSON.stringify(fileURLToPath(new URL('./term-count-server.js', import.meta.url)));

test('20 restarts at once end with exactly one running copy; with a stop after them, none', async () => {
  const { sup, add, copies } = setup();
  const block = await findFreeBlock(4, 61640);
  const p = add({
    name: 'web',
    command: `exec ${node} ${server}`,
    ports: [{ name: 'PORT', preferred: block[0], range: [block[0]!, block[3]!] }],
  });
  const first = await sup.start(p);
  assert.equal((await sup.waitSettled(first.id, 20_000))?.status, 'ready');
  const answers = (await Promise.all(Array.from({ length: 20 }, () => sup.restart(p)))).flat();
  const ids = new Set(answers.map((a) => a.id));
  const live = sup.list().filter((i) => i.pid !== null);
  assert.equal(live.length, 1, JSON.stringify(live.map((i) => [i.id, i.status])));
  assert.ok(ids.has(live[0]!.id), 'the answers name the copy that runs');
  assert.equal(sup.get(first.id)?.status, 'stopped');
  await sup.waitSettled(live[0]!.id, 20_000);
  assert.equal(copies('web'), 1);

  const [restartLists, stopped] = await Promise.all([
    Promise.all(Array.from({ length: 20 }, () => sup.restart(p))),
    sup.stopProfile('web'),
  ]);
  const restarts = restartLists.flat();
  assert.ok(
    restarts.length === 20 && stopped.length === 1 && stopped[0]!.status === 'stopped',
    JSON.stringify(stopped),
  );
  assert.equal(stopped[0]!.id, restarts[0]!.id, 'the stop stopped the copy the restarts started');
  assert.equal(sup.list().filter((i) => i.pid !== null).length, 0);
  assert.equal(copies('web'), 0);
  for (const port of block) assert.equal((await checkBindable(port)).ok, true, `port ${port} is free`);
});

test('a stop right after a start (before the spawn) stops it: nothing keeps running, the port is free', async () => {
  const { sup, add, copies } = setup();
  const [port] = await findFreeBlock(1, 61650);
  const p = add({ name: 'quick', command: `exec ${node} ${server}`, ports: [{ name: 'PORT', preferred: port }] });
  const [started, stopped] = await Promise.all([sup.start(p), sup.stopProfile('quick')]);
  assert.equal(stopped.length, 1);
  assert.equal(stopped[0]!.id, started.id);
  assert.equal(stopped[0]!.status, 'stopped');
  await sleep(500);
  assert.equal(copies('quick'), 0);
  assert.equal(await isAlive(started.pid!), false);
  assert.equal((await checkBindable(port!)).ok, true);
});

test('stop during a restart backoff cancels it and answers stopped; restarts and nextRestartAt are kept', async () => {
  const { sup, add, copies } = setup();
  const p = add({
    name: 'crash',
    command: `${node} -e "setTimeout(() => process.exit(3), 1200)"`,
    restart: 'on-failure',
  });
  const inst = await sup.start(p);
  const crashed = await waitFor(() => (sup.get(inst.id)?.nextRestartAt ? sup.get(inst.id) : undefined), 15_000);
  assert.equal(crashed?.status, 'crashed');
  assert.ok(crashed!.nextRestartAt! > Date.now() - 100, 'the next attempt is announced');
  assert.match(crashed?.message ?? '', /exited with code 3; restarting in 1 s/);
  const stopped = await sup.stop(inst.id);
  assert.equal(stopped.status, 'stopped');
  assert.equal(stopped.nextRestartAt, null);
  assert.match(stopped.message ?? '', /restart was cancelled/);
  await sleep(2000);
  assert.equal(sup.get(inst.id)?.status, 'stopped');
  assert.equal(sup.get(inst.id)?.restarts, 0);
  assert.equal(copies('crash'), 0);
});

for (const [shape, command] of [
  ['exec', (s: string) => `exec ${node} ${s}`],
  ['a shell that waits for it', (s: string) => `${node} ${s}; echo after`],
] as const) {
  test(`each process gets SIGTERM once (${shape}): a graceful shutdown runs to its end`, async () => {
    const { sup, add } = setup();
    const [port] = await findFreeBlock(1, shape === 'exec' ? 61655 : 61657);
    const inst = await sup.start(
      add({ name: 'graceful', command: command(termCount), ports: [{ name: 'PORT', preferred: port }] }),
    );
    assert.equal((await sup.waitSettled(inst.id, 20_000))?.status, 'ready');
    const stopped = await sup.stop(inst.id);
    assert.equal(stopped.status, 'stopped');
    assert.equal(stopped.message, 'Stopped.');
    const log = readFileSync(inst.logFile, 'utf8');
    assert.match(log, /SIGTERM 1\n/);
    assert.doesNotMatch(log, /SIGTERM 2/, log);
    assert.match(log, /graceful exit after 1 SIGTERM/, log);
  });
}

test('a stop that needed SIGKILL says so', async () => {
  const { sup, add } = setup();
  const [port] = await findFreeBlock(1, 61660);
  const inst = await sup.start(
    add({
      name: 'stubborn',
      command: `exec ${node} ${server} --ignore-term`,
      ports: [{ name: 'PORT', preferred: port }],
      stopTimeout: 1,
    }),
  );
  assert.equal((await sup.waitSettled(inst.id, 20_000))?.status, 'ready');
  const stopped = await sup.stop(inst.id);
  assert.equal(stopped.status, 'stopped');
  assert.equal(stopped.message, 'Stopped, forced after 1 s (SIGKILL).');
  assert.equal(await isAlive(inst.pid!), false);
});
