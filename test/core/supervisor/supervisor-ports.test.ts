import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Supervisor } from '../../../electron/core/supervisor/supervisor.js';
import { Profile } from '../../../electron/core/profiles/schema.js';
import { isAlive, waitFor } from '../../helpers/processes.js';
import { findFreeBlock } from '../../helpers/ports.js';
import { node, server, supervisorSuite } from './supervisor-setup.js';

/** Issue 8 §6: ports stay right after the first start (taken after a crash, taken before the bind). */
const { setup, take } = supervisorSuite();
const holder = `node (PID ${process.pid})`;

async function crashThenTake(sup: Supervisor, p: Profile): Promise<{ id: string; port: number }> {
  const inst = await sup.start(p);
  assert.equal((await sup.waitSettled(inst.id, 20_000))?.status, 'ready');
  process.kill(inst.pid!, 'SIGKILL');
  await waitFor(() => sup.get(inst.id)?.nextRestartAt, 15_000);
  await take(inst.ports.PORT!);
  return { id: inst.id, port: inst.ports.PORT! };
}

test('restart after a crash, port taken meanwhile: a non-pinned profile moves (allocation and notice)', async () => {
  const { sup, add, notices } = setup();
  const block = await findFreeBlock(4, 61700);
  const p = add({
    name: 'moving',
    command: `exec ${node} ${server}`,
    restart: 'on-failure',
    ports: [{ name: 'PORT', preferred: block[0], range: [block[0]!, block[3]!] }],
  });
  const { id, port } = await crashThenTake(sup, p);
  const back = await waitFor(() => (sup.get(id)?.status === 'ready' ? sup.get(id) : undefined), 20_000);
  assert.equal(back?.restarts, 1);
  assert.notEqual(back?.ports.PORT, port);
  const attempts = back!.allocation[0]!.attempts;
  assert.ok(
    attempts.some((a) => a.port === port && a.outcome === 'busy' && a.heldBy?.[0]?.pid === process.pid),
    JSON.stringify(attempts),
  );
  assert.equal(back!.allocation[0]!.assigned, back!.ports.PORT);
  const n = notices.find((x) => x.kind === 'port-taken');
  assert.match(
    n?.text ?? '',
    new RegExp(
      `Port ${port} is in use by node \\(PID ${process.pid}\\)\\. ` +
        `moving restarts on another port \\(${port} → ${back!.ports.PORT}\\)`,
    ),
  );
});

test('restart after a crash, pinned port taken meanwhile: fails fast naming the holder, no crash loop', async () => {
  const { sup, add, notices } = setup();
  const [port] = await findFreeBlock(1, 61706);
  const p = add({
    name: 'pinned',
    command: `exec ${node} ${server}`,
    restart: 'on-failure',
    ports: [{ name: 'PORT', preferred: port, pinned: true }],
  });
  const { id } = await crashThenTake(sup, p);
  const done = await waitFor(() => (sup.get(id)?.status === 'failed' ? sup.get(id) : undefined), 20_000);
  assert.match(
    done?.message ?? '',
    new RegExp(
      `Port ${port} is in use by node \\(PID ${process.pid}\\)\\. ` +
        `pinned crashed and the profile pins it, so Berth did not restart it\\.`,
    ),
  );
  assert.equal(done?.restarts, 0);
  assert.equal(done?.pid, null);
  assert.ok(notices.some((x) => x.kind === 'port-taken' && x.port === port));
});

test('EADDRINUSE before listening: the server is retried on the next port; the allocation keeps the try', async () => {
  const { sup, add } = setup();
  const block = await findFreeBlock(4, 61710);
  // The server binds a second after Berth checked the port: the test takes it in between.
  const p = add({
    name: 'late',
    command: `sleep 1; exec ${node} ${server}`,
    ports: [{ name: 'PORT', preferred: block[0], range: [block[0]!, block[3]!] }],
  });
  const inst = await sup.start(p);
  await take(block[0]!);
  const r = await sup.waitSettled(inst.id, 30_000);
  assert.equal(r?.status, 'ready', `${r?.message} ${r?.lastLines.join('\n')}`);
  assert.equal(r?.ports.PORT, block[1]);
  const attempts = r!.allocation[0]!.attempts;
  assert.ok(
    attempts.some((a) => a.port === block[0] && a.outcome === 'busy' && /EADDRINUSE/.test(a.detail ?? '')),
    JSON.stringify(attempts),
  );
  assert.match(
    r!.warnings.join('\n'),
    new RegExp(`Port ${block[0]} was taken before it could listen \\(in use by ${holder.replace(/[()]/g, '\\$&')}\\)`),
  );
});

test('EADDRINUSE before listening on a pinned port: failed, naming the holder, not retried', async () => {
  const { sup, add } = setup();
  const [port] = await findFreeBlock(1, 61716);
  const p = add({
    name: 'fixed',
    command: `sleep 1; exec ${node} ${server}`,
    restart: 'on-failure',
    ports: [{ name: 'PORT', preferred: port, pinned: true }],
  });
  const inst = await sup.start(p);
  await take(port!);
  const r = await waitFor(() => (sup.get(inst.id)?.status === 'failed' ? sup.get(inst.id) : undefined), 20_000);
  assert.equal(
    r?.message,
    `Port ${port} is in use by ${holder} (EADDRINUSE); the profile pins it, so Berth does not move it to another port.`,
  );
  assert.equal(r?.restarts, 0);
  assert.equal(await isAlive(inst.pid!), false);
});
