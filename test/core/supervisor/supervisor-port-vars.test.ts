import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { findFreeBlock } from '../../helpers/ports.js';
import { node, server, supervisorSuite } from './supervisor-setup.js';

/**
 * Issue 10 §1: port variables mean what the user said (exact variables, late ports, sticky, explicit, free
 * policy).
 */
const { setup: setupWith, take } = supervisorSuite();
const multi = JSON.stringify(fileURLToPath(new URL('./multi-port-server.js', import.meta.url)));
const setup = () => setupWith({ listProfiles: true, profileDefaults: { readyTimeout: 3 } });

test('a profile with only API_PORT: ready on it, no warning, the default URL names API_PORT', async () => {
  const { sup, add } = setup();
  const [port] = await findFreeBlock(1, 62400);
  const p = add({
    name: 'api',
    command: `exec ${node} ${multi} API_PORT`,
    ports: [{ name: 'API_PORT', preferred: port }],
  });
  assert.deepEqual(
    p.ports.map((s) => s.name),
    ['API_PORT'],
  );
  const r = await sup.waitSettled((await sup.start(p)).id, 20_000);
  assert.equal(r?.status, 'ready', r?.message ?? '');
  assert.deepEqual(r?.ports, { API_PORT: port });
  assert.equal(r?.url, `http://127.0.0.1:${port}`);
  await new Promise((res) => setTimeout(res, 3500)); // past the grace period: still nothing to say
  assert.deepEqual(sup.get(r!.id)?.warnings, []);
});

test('a second port that opens late (an HMR port) is waited for: no warning', async () => {
  const { sup, add } = setup();
  const [a, b] = await findFreeBlock(2, 62410);
  const p = add({
    name: 'vite',
    command: `exec ${node} ${multi} PORT VITE_HMR_PORT@1500`,
    ports: [
      { name: 'PORT', preferred: a },
      { name: 'VITE_HMR_PORT', preferred: b },
    ],
  });
  const r = await sup.waitSettled((await sup.start(p)).id, 20_000);
  assert.equal(r?.status, 'ready');
  await new Promise((res) => setTimeout(res, 4000));
  assert.deepEqual(sup.get(r!.id)?.warnings, []);
});

test('a second port nobody listens on: one warning after the grace period, naming only that variable', async () => {
  const { sup, add } = setup();
  const [a, b] = await findFreeBlock(2, 62420);
  const p = add({
    name: 'halfway',
    command: `exec ${node} ${multi} PORT`,
    ports: [
      { name: 'PORT', preferred: a },
      { name: 'VITE_HMR_PORT', preferred: b },
    ],
  });
  const r = await sup.waitSettled((await sup.start(p)).id, 20_000);
  assert.equal(r?.status, 'ready');
  assert.deepEqual(r?.warnings, [], 'no warning at ready: the grace period runs');
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline && (sup.get(r!.id)?.warnings.length ?? 0) === 0)
    await new Promise((res) => setTimeout(res, 200));
  const w = sup.get(r!.id)!.warnings;
  assert.equal(w.length, 1);
  assert.match(
    w[0]!,
    new RegExp(
      `^Nothing in its process tree listens on VITE_HMR_PORT=${b} after \\d+ s: the server may ignore VITE_HMR_PORT\\.`,
    ),
  );
  assert.doesNotMatch(w[0]!, new RegExp(`PORT=${a}\\b`), 'the port it listens on is never named');
});

test('sticky ports: falling back past another instance remembers nothing; a foreign holder is remembered', async () => {
  const { sup, add, remembered } = setup();
  const block = await findFreeBlock(4, 62430);
  const p = add({
    name: 'web',
    command: `exec ${node} ${server}`,
    ports: [{ name: 'PORT', preferred: block[0], range: [block[0]!, block[3]!] }],
  });
  const one = await sup.waitSettled((await sup.start(p)).id, 20_000);
  const two = await sup.waitSettled((await sup.start(p, { new: true })).id, 20_000);
  assert.deepEqual([one?.ports.PORT, two?.ports.PORT, two?.status], [block[0], block[1], 'ready']);
  assert.deepEqual(remembered, [], 'its own instance held the port');
  const held = two?.allocation[0]?.heldBy?.[0];
  assert.deepEqual([held?.instance, held?.profile], [one?.id, 'web'], 'the holder is named as its other instance');
  await sup.stopProfile('web');
  await take(block[0]!);
  const three = await sup.waitSettled((await sup.start(p)).id, 20_000);
  assert.equal(three?.allocation[0]?.heldBy?.[0]?.pid, process.pid);
  assert.equal(three?.allocation[0]?.heldBy?.[0]?.instance, undefined, 'a foreign holder is not an instance');
  assert.deepEqual(remembered, [['web', 'PORT', three!.ports.PORT]]);
});

test('start of a running profile returns it; --new starts another; restart keeps each on its ports', async () => {
  const { sup, add } = setup();
  const block = await findFreeBlock(4, 62440);
  const p = add({
    name: 'twice',
    command: `exec ${node} ${server}`,
    ports: [{ name: 'PORT', preferred: block[0], range: [block[0]!, block[3]!] }],
  });
  const one = await sup.waitSettled((await sup.start(p)).id, 20_000);
  assert.equal((await sup.start(p)).id, one!.id);
  const two = await sup.waitSettled((await sup.start(p, { new: true })).id, 20_000);
  const restarted = await sup.restart(p);
  assert.equal(restarted.length, 2);
  assert.deepEqual(restarted.map((i) => i.ports.PORT).sort(), [one!.ports.PORT, two!.ports.PORT].sort());
  assert.ok(restarted.every((i) => i.id !== one!.id && i.id !== two!.id));
  assert.deepEqual([sup.get(one!.id)?.status, sup.get(two!.id)?.status], ['stopped', 'stopped']);
});

test('an explicit port that is busy fails naming the holder; NAME=N sets that variable', async () => {
  const { sup, add } = setup();
  const [a, b, c] = await findFreeBlock(3, 62450);
  const p = add({
    name: 'exact',
    command: `exec ${node} ${multi} PORT API_PORT`,
    ports: [
      { name: 'PORT', preferred: a },
      { name: 'API_PORT', preferred: b },
    ],
  });
  await take(c!);
  await assert.rejects(sup.start(p, { ports: { API_PORT: c! } }), (err: Error) => {
    assert.match(
      err.message,
      new RegExp(
        `^API_PORT: Port ${c} is in use by node \\(PID ${process.pid}\\)\\. ` +
          `It was asked for explicitly \\(--port\\)\\.$`,
      ),
    );
    return true;
  });
  const [d] = await findFreeBlock(1, 62455);
  const r = await sup.waitSettled((await sup.start(p, { ports: { API_PORT: d! } })).id, 20_000);
  assert.deepEqual([r?.status, r?.ports], ['ready', { PORT: a, API_PORT: d }]);
});

test('a fallback never takes a port another profile pins, even while that profile is stopped', async () => {
  const { sup, add } = setup();
  const [busy, pinned, next] = await findFreeBlock(3, 62470);
  add({
    name: 'pinner',
    command: `exec ${node} ${server}`,
    ports: [{ name: 'PORT', preferred: pinned, pinned: true }],
  });
  const p = add({
    name: 'mover',
    command: `exec ${node} ${server}`,
    ports: [{ name: 'PORT', preferred: busy, range: [busy!, next!] }],
  });
  await take(busy!);
  const inst = await sup.waitSettled((await sup.start(p)).id, 20_000);
  assert.equal(inst?.ports.PORT, next, 'the pinned port is skipped');
  assert.deepEqual(
    inst?.allocation[0]?.attempts.find((a) => a.port === pinned),
    { port: pinned, outcome: 'excluded', detail: 'pinned by pinner' },
  );
  await sup.stopProfile('mover');
});
