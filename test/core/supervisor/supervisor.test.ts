import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { checkBindable } from '../../../electron/core/ports/free-check.js';
import { decideRestart, initialRestartState } from '../../../electron/core/supervisor/restart-policy.js';
import { instanceTreePids } from '../../../electron/core/supervisor/instance-tree.js';
import { listProcesses } from '../../../electron/core/processes/process-table.js';
import { isAlive, waitFor } from '../../helpers/processes.js';
import { findFreeBlock } from '../../helpers/ports.js';
import { node, server, supervisorSuite } from './supervisor-setup.js';

const { supervisors } = supervisorSuite({
  stopAtEnd: (i) => i.pid !== null && ['starting', 'ready', 'not listening'].includes(i.status),
});
const setup = (backoffScale = 1) => supervisors({ backoffScale });

test('PORT is injected: the fixture listens on the resolved port and the instance becomes ready', async () => {
  const { make, add } = setup();
  const [p] = await findFreeBlock(1, 61400);
  const sup = make();
  const inst = await sup.start(
    add({ name: 'web', command: `${node} ${server}`, ports: [{ name: 'PORT', preferred: p }] }),
  );
  assert.equal(inst.ports.PORT, p);
  const ready = await sup.waitSettled(inst.id, 20_000);
  assert.equal(ready?.status, 'ready', ready?.message ?? '');
  // The fixture listens on 127.0.0.1 only: the URL names that address, not localhost (which may be ::1).
  assert.equal(ready?.url, `http://127.0.0.1:${p}`);
  assert.match(readFileSync(ready!.logFile, 'utf8'), new RegExp(`"port":${p}`));
  const stopped = await sup.stop(inst.id);
  assert.equal(stopped.status, 'stopped');
  assert.equal((await checkBindable(p!)).ok, true);
  assert.equal(await isAlive(inst.pid!), false);
});

test('fallback: a busy preferred port gives the next one, remembered as sticky', async () => {
  const { make, add, remembered } = setup();
  const block = await findFreeBlock(3, 61410);
  const sup = make();
  const a = await sup.start(
    add({
      name: 'a',
      command: `${node} ${server}`,
      ports: [{ name: 'PORT', preferred: block[0], range: [block[0]!, block[2]!] }],
    }),
  );
  await sup.waitSettled(a.id, 20_000);
  const b = await sup.start(
    add({
      name: 'b',
      command: `${node} ${server}`,
      ports: [{ name: 'PORT', preferred: block[0], range: [block[0]!, block[2]!] }],
    }),
  );
  assert.equal(b.ports.PORT, block[1]);
  // The holder is a's server: the shell itself where it execs the command (bash), its child where it
  // does not (dash, the usual /bin/sh).
  const holder = b.allocation[0]?.heldBy?.[0]?.pid;
  assert.ok(holder, `the busy port names its holder: ${JSON.stringify(b.allocation[0])}`);
  assert.ok(
    instanceTreePids(await listProcesses(), sup.get(a.id)!.pid!, sup.get(a.id)!.pgid).includes(holder),
    `PID ${holder} is in a's tree`,
  );
  assert.deepEqual(remembered, [['b', 'PORT', block[1]]]);
  assert.equal((await sup.waitSettled(b.id, 20_000))?.status, 'ready');
});

test('a server that ignores PORT is ready with a warning and its real port recorded', async () => {
  const { make, add } = setup();
  const sup = make();
  const inst = await sup.start(add({ name: 'deaf', command: `PORT=0 ${node} ${server}` }));
  const r = await sup.waitSettled(inst.id, 20_000);
  assert.equal(r?.status, 'ready');
  assert.equal(r?.actualPorts.length, 1);
  assert.notEqual(r?.actualPorts[0], inst.ports.PORT);
  assert.match(r?.warnings[0] ?? '', /ignored PORT/);
});

test('readiness timeout gives "not listening", never ready', async () => {
  const { make, add } = setup();
  const sup = make();
  const inst = await sup.start(
    add({ name: 'quiet', command: `${node} -e "setInterval(()=>{},1000)"`, readyTimeout: 1 }),
  );
  const r = await sup.waitSettled(inst.id, 10_000);
  assert.equal(r?.status, 'not listening');
  assert.match(r?.message ?? '', /After 1 s, nothing in its process tree listens/);
});

test('command not found fails with a clear message', async () => {
  const { make, add } = setup();
  const sup = make();
  const inst = await sup.start(add({ name: 'typo', command: 'berth-no-such-command-xyz --serve' }));
  const r = await sup.waitSettled(inst.id, 10_000);
  assert.equal(r?.status, 'failed');
  assert.match(r?.message ?? '', /Command not found: berth-no-such-command-xyz/);
  assert.ok(r?.message?.includes(`PATH was ${process.env['PATH']}`), r?.message ?? 'no message');
});

test('crash with on-failure restarts with backoff, then gives up after 5 quick exits', async () => {
  const { make, add } = setup(0.01);
  const sup = make();
  const inst = await sup.start(add({ name: 'crashy', command: `${node} -e "process.exit(3)"`, restart: 'on-failure' }));
  const r = await waitFor(
    () => (sup.get(inst.id)?.message?.includes('gave up') ? sup.get(inst.id) : undefined),
    30_000,
  );
  assert.equal(r?.status, 'crashed');
  assert.equal(r?.exitCode, 3);
  assert.equal(r?.restarts, 4);
  // Only a run that stayed up 30 s resets the backoff; a 5 s run does not.
  assert.deepEqual(
    [1, 2, 3, 4].map((n) => decideRestart({ failures: n - 1, quickExits: 0 }, 30_000).delayMs),
    [1000, 1000, 1000, 1000],
  );
  assert.deepEqual(
    [1, 2, 3, 4].map((n) => decideRestart({ failures: n - 1, quickExits: 0 }, 5000).delayMs),
    [1000, 2000, 4000, 8000],
  );
  let s = initialRestartState;
  const delays: number[] = [];
  for (let i = 0; i < 7; i++) {
    const d = decideRestart(s, 100);
    delays.push(d.restart ? d.delayMs : -1);
    s = d.next;
  }
  assert.deepEqual(delays, [1000, 2000, 4000, 8000, -1, -1, -1]);
  assert.equal(decideRestart({ failures: 9, quickExits: 0 }, 100).delayMs, 30_000);
});

test('stop of a shell wrapper whose child holds the port stops the whole group', async () => {
  const { make, add } = setup();
  const sup = make();
  const inst = await sup.start(add({ name: 'wrapped', command: `${node} ${server} --spawn-child; echo after` }));
  const r = await sup.waitSettled(inst.id, 20_000);
  assert.equal(r?.status, 'ready');
  const stopped = await sup.stop(inst.id);
  assert.equal(stopped.status, 'stopped');
  assert.equal((await checkBindable(inst.ports.PORT!)).ok, true);
  assert.equal(await isAlive(inst.pid!), false);
});

test('a new host adopts live instances of a killed host, and marks dead ones stopped', async () => {
  const { make, add } = setup();
  const first = make();
  const ports = await findFreeBlock(2, 61420);
  const prof = add({ name: 'keep', command: `${node} ${server}`, ports: [{ name: 'PORT', preferred: ports[0] }] });
  const live = await first.start(prof);
  const keepReady = await first.waitSettled(live.id, 20_000);
  assert.equal(keepReady?.status, 'ready', `${keepReady?.message} ${keepReady?.lastLines.join('\n')}`);
  const dead = await first.start(
    add({ name: 'gone', command: `${node} ${server}`, ports: [{ name: 'PORT', preferred: ports[1] }] }),
  );
  assert.equal((await first.waitSettled(dead.id, 20_000))?.status, 'ready');
  first.close(); // the host "dies": records stay on disk, servers keep running
  process.kill(-dead.pgid!, 'SIGKILL');
  await waitFor(async () => !(await isAlive(dead.pid!)));

  const second = make();
  await second.adopt();
  assert.equal(second.get(live.id)?.status, 'ready', second.get(live.id)?.message ?? '');
  // `berth start keep` waits for it to settle: an adopted ready instance is settled at once, not after 20 s.
  const t0 = Date.now();
  assert.equal((await second.waitSettled(live.id, 20_000))?.status, 'ready');
  assert.ok(Date.now() - t0 < 5_000, `waitSettled on an adopted ready instance took ${Date.now() - t0} ms`);
  assert.equal(second.get(dead.id)?.status, 'stopped');
  assert.equal(second.get(dead.id)?.message, 'Exited while Berth was not running.');
  const stopped = await second.stop(live.id);
  assert.equal(stopped.status, 'stopped');
  assert.equal(await isAlive(live.pid!), false);
});

test('group stop, leader exits first: Berth follows the server its launcher left running, then stops it', async () => {
  const { make, add } = setup();
  const [p] = await findFreeBlock(1, 61430);
  const sup = make();
  // The shell backgrounds the server and exits 0 at once; the server stays in the launch's process group.
  const inst = await sup.start(
    add({ name: 'launcher', command: `${node} ${server} & echo launched`, ports: [{ name: 'PORT', preferred: p }] }),
  );
  const leader = inst.pid!;
  const ready = await sup.waitSettled(inst.id, 20_000);
  assert.equal(ready?.status, 'ready', `${ready?.message} ${ready?.lastLines.join('\n')}`);
  await waitFor(async () => !(await isAlive(leader)));
  await waitFor(() => sup.get(inst.id)?.pid !== leader);
  const followed = sup.get(inst.id)!;
  assert.equal(followed.status, 'ready');
  assert.equal(followed.pgid, leader, 'the process group recorded at launch is kept');
  assert.ok(followed.pid !== null && (await isAlive(followed.pid)), 'it follows a live survivor');
  assert.match(followed.warnings.join('\n'), /exited with code 0 but left .* running/);
  const survivor = followed.pid!;
  // The survivor is still watched: a tick does not mistake the dead leader for the instance's end.
  await sup.tick();
  assert.equal(sup.get(inst.id)?.status, 'ready');

  const stopped = await sup.stop(inst.id);
  assert.equal(stopped.status, 'stopped', stopped.warnings.join('\n'));
  assert.equal(await isAlive(survivor), false);
  assert.equal((await checkBindable(p!)).ok, true);
});

test('a followed server that exits on its own is reported, not restarted', async () => {
  const { make, add } = setup();
  const [p] = await findFreeBlock(1, 61435);
  const sup = make();
  const inst = await sup.start(
    add({
      name: 'bg',
      command: `${node} ${server} & true`,
      ports: [{ name: 'PORT', preferred: p }],
      restart: 'on-failure',
    }),
  );
  assert.equal((await sup.waitSettled(inst.id, 20_000))?.status, 'ready');
  await waitFor(() => sup.get(inst.id)?.pid !== inst.pid);
  const survivor = sup.get(inst.id)!.pid!;
  process.kill(survivor, 'SIGTERM');
  await waitFor(() => sup.get(inst.id)?.status === 'crashed', 15_000);
  const done = sup.get(inst.id)!;
  assert.equal(done.pid, null);
  assert.match(done.message ?? '', /launching command had already exited/);
  assert.equal(await isAlive(survivor), false);
});
