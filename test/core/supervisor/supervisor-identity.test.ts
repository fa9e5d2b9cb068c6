import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { recordsPath } from '../../../electron/core/supervisor/records.js';
import { Profile } from '../../../electron/core/profiles/schema.js';
import { isAlive, waitFor } from '../../helpers/processes.js';
import { findFreeBlock } from '../../helpers/ports.js';
import { node, server, supervisorSuite } from './supervisor-setup.js';

/** Issue 8 §1: every signal is checked against the identity Berth RECORDED, never a fresh table read. */
const { procs, tempDir, supervisors } = supervisorSuite();

/** Supervisors the tests close themselves, and profiles of one PORT each. */
function setup() {
  const { home, make, add: addProfile } = supervisors({ track: false });
  const add = (name: string, command: string, port: number): Profile =>
    addProfile({ name, command, ports: [{ name: 'PORT', preferred: port }] });
  return { home, make, add };
}

type Rec = { instances: Record<string, unknown>[] };
function editRecords(dir: string, edit: (r: Rec) => void): void {
  const r = JSON.parse(readFileSync(recordsPath(dir), 'utf8')) as Rec;
  edit(r);
  writeFileSync(recordsPath(dir), JSON.stringify(r));
}

test('a record naming a live unrelated process with another start stamp: never adopted, never signalled', async () => {
  const { home, make, add } = setup();
  const [port] = await findFreeBlock(1, 61620);
  const first = make();
  const inst = await first.start(add('web', `exec ${node} ${server}`, port!));
  assert.equal((await first.waitSettled(inst.id, 20_000))?.status, 'ready');
  first.close();
  process.kill(-inst.pgid!, 'SIGKILL');
  await waitFor(async () => !(await isAlive(inst.pid!)));
  const other = await procs.startServer({ env: { PORT: '0' } });
  // The records now claim the unrelated process, as leader and as member, with a wrong start stamp.
  editRecords(home.dir, (r) => {
    const i = r.instances.find((x) => x.id === inst.id)!;
    Object.assign(i, {
      pid: other.pid,
      pgid: other.pid,
      startKey: 'linux:not-this-one:1',
      members: [{ pid: other.pid, startKey: 'linux:not-this-one:2' }],
    });
  });
  const second = make();
  await second.adopt();
  assert.equal(second.get(inst.id)?.status, 'stopped');
  for (let i = 0; i < 4; i++) await second.tick();
  assert.equal((await second.stop(inst.id)).status, 'stopped');
  assert.equal(await isAlive(other.pid), true, 'the unrelated process survives');
  second.close();
});

test('an adopted instance dies: a recorded member with a wrong stamp is neither followed nor signalled', async () => {
  const { home, make, add } = setup();
  const [port] = await findFreeBlock(1, 61625);
  const first = make();
  const inst = await first.start(add('api', `exec ${node} ${server}`, port!));
  assert.equal((await first.waitSettled(inst.id, 20_000))?.status, 'ready');
  first.close();
  const other = await procs.startServer({ env: { PORT: '0' }, args: ['--spawn-child'] });
  editRecords(home.dir, (r) => {
    const i = r.instances.find((x) => x.id === inst.id)!;
    i.members = [
      { pid: other.pid, startKey: 'linux:not-this-one:1' },
      { pid: other.childPid, startKey: 'linux:not-this-one:2' },
    ];
  });
  const second = make();
  await second.adopt();
  assert.equal(second.get(inst.id)?.status, 'ready');
  process.kill(-inst.pgid!, 'SIGKILL');
  const done = await waitFor(
    () => (second.get(inst.id)?.status === 'crashed' ? second.get(inst.id) : undefined),
    15_000,
  );
  assert.match(done?.message ?? '', /started by an earlier Berth host/);
  assert.equal(done?.pid, null);
  assert.equal(await isAlive(other.pid), true, 'the unrelated process survives');
  assert.equal(await isAlive(other.childPid!), true, 'and its child');
  second.close();
});

const child = fileURLToPath(new URL('./supervisor-pid-reuse-child.js', import.meta.url));
function pidnsAvailable(): boolean {
  if (process.platform !== 'linux') return false;
  const r = spawnSync(
    'unshare',
    ['--pid', '--fork', '--mount-proc', 'sh', '-c', 'echo 50 > /proc/sys/kernel/ns_last_pid'],
    { timeout: 10_000 },
  );
  return r.status === 0;
}

test(
  "PID reuse forced in a PID namespace: the process that gets a dead server's pid is never signalled or followed",
  { skip: !pidnsAvailable() && 'needs root and unshare for a PID namespace (writes ns_last_pid)', timeout: 120_000 },
  async () => {
    const home = tempDir();
    // sh stays PID 1 of the namespace (two commands: it cannot exec node) and reaps orphans; when it
    // exits the kernel ends every process of the namespace, so nothing outlives the test.
    const p = procs.start(
      'unshare',
      ['--pid', '--fork', '--mount-proc', 'sh', '-c', `${node} "$0" main "$1"; exit $?`, child, home.dir],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    p.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    p.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => p.kill('SIGKILL'), 100_000);
      p.once('exit', (c) => {
        clearTimeout(timer);
        resolve(c);
      });
    });
    assert.equal(code, 0, `child failed:\n${stderr}\n${stdout}`);
    assert.match(stdout, /"done":true/);
  },
);
