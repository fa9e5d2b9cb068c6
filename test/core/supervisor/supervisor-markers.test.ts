import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import type { Supervisor } from '../../../electron/core/supervisor/supervisor.js';
import { recordsPath } from '../../../electron/core/supervisor/records.js';
import { checkBindable } from '../../../electron/core/ports/free-check.js';
import { isAlive, waitFor } from '../../helpers/processes.js';
import { findFreeBlock } from '../../helpers/ports.js';
import { node, server, supervisorSuite } from './supervisor-setup.js';

/** Issue 8 §4: a host finds the servers it launched for its data dir even without instances.json (Linux). */
const { tempDir, supervisors, untrack } = supervisorSuite({ stopAtEnd: (i) => i.pid !== null });
const linuxOnly =
  process.platform !== 'linux' && 'reads /proc/<pid>/environ (Linux); elsewhere Berth relies on its records';

async function setup(base: number) {
  const { home, make: makeOn, add, copies } = supervisors();
  const [port] = await findFreeBlock(1, base);
  // A shell that waits for the server: two marked processes, the shell leading the group.
  const profile = add({
    name: 'web',
    command: `${node} ${server}; echo after`,
    ports: [{ name: 'PORT', preferred: port }],
  });
  const make = (dataDir = home.dir): Supervisor => makeOn({ dataDir });
  const first = make();
  const inst = await first.start(profile);
  assert.equal((await first.waitSettled(inst.id, 20_000))?.status, 'ready');
  first.close(); // the host goes away; its server runs on
  untrack(first);
  return {
    home,
    port: port!,
    profile,
    make,
    inst,
    copies: () => copies('web'),
  };
}

for (const [label, loseRecords] of [
  ['deleted', (dir: string) => rmSync(recordsPath(dir))],
  ['unreadable', (dir: string) => writeFileSync(recordsPath(dir), '{"version": 1, "instan')],
] as const) {
  test(
    `instances.json ${label}: adopt() finds the live server by its marker, start() never launches a second copy`,
    { skip: linuxOnly },
    async () => {
      const { home, port, profile, make, inst, copies } = await setup(label === 'deleted' ? 61680 : 61684);
      loseRecords(home.dir);
      const sup = make();
      const notices = await sup.adopt();
      if (label === 'unreadable') assert.match(notices.join('\n'), /could not be read/);
      const found = await waitFor(() => (sup.get(inst.id)?.status === 'ready' ? sup.get(inst.id) : undefined), 15_000);
      assert.equal(found?.pid, inst.pid, 'the group leader is the recorded process again');
      assert.equal(found?.ports.PORT, port, 'the ports come from its environment');
      assert.match(found?.warnings.join('\n') ?? '', /environment marker/);
      const again = await sup.start(profile);
      assert.equal(again.id, inst.id, 'start returns the copy that runs');
      assert.equal(copies(), 1);
      const stopped = await sup.stop(inst.id);
      assert.equal(stopped.status, 'stopped');
      assert.equal(await isAlive(inst.pid!), false);
      assert.equal(copies(), 0);
      assert.equal((await checkBindable(port)).ok, true);
    },
  );
}

test('start() without adopt() still finds the copy a lost record left running', { skip: linuxOnly }, async () => {
  const { home, profile, make, inst, copies } = await setup(61688);
  rmSync(recordsPath(home.dir));
  const sup = make();
  const again = await sup.start(profile);
  assert.equal(again.id, inst.id);
  assert.equal(again.pid, inst.pid);
  assert.equal(copies(), 1);
  await sup.stop(inst.id);
  assert.equal(copies(), 0);
});

test("another data dir's host never adopts the server", { skip: linuxOnly }, async () => {
  const { make, inst } = await setup(61692);
  const other = tempDir();
  const stranger = make(other.dir);
  await stranger.adopt();
  assert.equal(stranger.get(inst.id), undefined);
  assert.equal(stranger.list().length, 0);
  assert.equal(await isAlive(inst.pid!), true);
  const own = make();
  await own.adopt();
  assert.equal((await own.stop(inst.id)).status, 'stopped');
});
