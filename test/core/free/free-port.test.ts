import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '../../../electron/core/free/free-port.js';
import { createScanner } from '../../../electron/core/ports/scanner.js';
import { checkBindable } from '../../../electron/core/ports/free-check.js';
import { createProcessTracker, isAlive, waitFor } from '../../helpers/processes.js';
import { makeTempDir } from '../../helpers/temp.js';

const procs = createProcessTracker();
const scanner = createScanner({ mode: 'inline' });
const tmp = makeTempDir();
after(async () => {
  await procs.cleanup();
  await scanner.close();
  tmp.remove();
});
const deps = { scan: () => scanner.scan() };
let markers = 0;
const marker = (): string => join(tmp.dir, `marker-${++markers}`);

test('shell → node → node: SIGTERM stops holder and child, never the shell; the port binds again', async () => {
  const m = marker();
  const s = await procs.startServer({ shell: true, args: ['--spawn-child'], env: { MARKER: m } });
  const shellPid = s.child.pid!;
  const r = await freePort(s.port, { respawnWindowMs: 0 }, deps);
  assert.equal(r.freed, true, r.message);
  assert.deepEqual(
    r.stopped.map((x) => [x.pid, x.signal]).sort(),
    [
      [s.pid, 'SIGTERM'],
      [s.childPid, 'SIGTERM'],
    ].sort(),
  );
  assert.ok(!r.stopped.some((x) => x.pid === shellPid), 'the shell is not signalled');
  assert.ok(existsSync(m), 'the holder received SIGTERM');
  assert.equal(await isAlive(s.pid), false);
  assert.equal(await isAlive(s.childPid!), false, 'no descendant left behind');
  assert.equal((await checkBindable(s.port)).ok, true);
  // The shell was left to finish on its own (it runs `echo shell-done` after node exits).
  await waitFor(async () => !(await isAlive(shellPid)));
});

test('a holder that ignores SIGTERM is killed after the timeout', async () => {
  const s = await procs.startServer({ args: ['--ignore-term'], env: { MARKER: marker() } });
  const started = Date.now();
  const r = await freePort(s.port, { timeoutMs: 300, respawnWindowMs: 0 }, deps);
  assert.equal(r.freed, true, r.message);
  assert.deepEqual(r.stopped.find((x) => x.pid === s.pid)?.signals, ['SIGTERM', 'SIGKILL']);
  assert.ok(Date.now() - started >= 300, 'waited for the timeout first');
});

test('a grandchild that ignores SIGTERM is killed too: no process is left behind', async () => {
  const s = await procs.startServer({ args: ['--spawn-child', '--child-ignore-term'] });
  const r = await freePort(s.port, { timeoutMs: 300, respawnWindowMs: 0 }, deps);
  assert.equal(r.freed, true, r.message);
  assert.deepEqual(r.stopped.find((x) => x.pid === s.childPid)?.signals, ['SIGTERM', 'SIGKILL']);
  assert.equal(await isAlive(s.childPid!), false);
});

test('force sends SIGKILL at once', async () => {
  const s = await procs.startServer({ args: ['--ignore-term'] });
  const r = await freePort(s.port, { force: true, respawnWindowMs: 0 }, deps);
  assert.equal(r.freed, true);
  assert.deepEqual(
    r.stopped.map((x) => x.signals),
    [['SIGKILL']],
  );
});

test('a forked child holding the same socket is stopped with its parent', async () => {
  const s = await procs.startServer({ args: ['--fork-child'] });
  const r = await freePort(s.port, { respawnWindowMs: 0 }, deps);
  assert.equal(r.freed, true, r.message);
  assert.deepEqual(r.stopped.map((x) => x.pid).sort(), [s.pid, s.childPid].sort());
});

test('dry run signals nothing and lists what would be stopped', async () => {
  const s = await procs.startServer({ args: ['--spawn-child'] });
  const r = await freePort(s.port, { dryRun: true }, deps);
  assert.equal(r.freed, false);
  assert.deepEqual(r.planned?.map((p) => p.pid).sort(), [s.pid, s.childPid].sort());
  assert.equal(await isAlive(s.pid), true);
});

test('a port held by Berth itself is refused with a reason and nothing is signalled', async () => {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as { port: number }).port;
  try {
    const r = await freePort(port, { respawnWindowMs: 0 }, deps);
    assert.equal(r.freed, false);
    assert.deepEqual(r.stopped, []);
    assert.deepEqual(r.refused, [{ pid: process.pid, reason: 'it is Berth itself' }]);
  } finally {
    server.close();
  }
});

test('an already free port reports alreadyFree and stops nothing', async () => {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((r) => server.close(() => r()));
  const r = await freePort(port, {}, deps);
  assert.deepEqual([r.alreadyFree, r.freed, r.stopped.length], [true, true, 0]);
});

test('a watcher that respawns the server is reported, then stopped with --parent', async () => {
  const w = await procs.startServer({ script: 'watcher', env: { PORT: '0' } });
  // The watcher prints the server's ready line; the server is a child of the watcher.
  const { getProcessInfo } = await import('../../../electron/core/processes/process-table.js');
  const watcherPid = (await getProcessInfo(w.pid))!.ppid;
  await procs.track(watcherPid);
  // Respawns must reuse the port, so pin it.
  procs.tracked.delete(w.pid);
  process.kill(watcherPid, 'SIGKILL');
  await waitFor(async () => !(await isAlive(watcherPid)));
  process.kill(w.pid, 'SIGKILL');
  const pinned = await procs.startServer({ script: 'watcher', env: { PORT: String(w.port) } });
  const watcher = (await getProcessInfo(pinned.pid))!.ppid;
  await procs.track(watcher);

  const r = await freePort(pinned.port, { respawnWindowMs: 2000 }, deps);
  assert.equal(r.freed, false);
  assert.equal(r.respawned?.parent.pid, watcher);
  assert.notEqual(r.respawned?.pid, pinned.pid);
  assert.match(r.hint ?? '', /--parent/);
  await procs.track(r.respawned?.pid);

  const p = await freePort(pinned.port, { parent: true }, deps);
  assert.equal(p.freed, true, p.message);
  assert.ok(p.stopped.some((x) => x.pid === watcher));
  assert.equal(await isAlive(watcher), false);
});

test('--parent leaves a shell parent running and still stops the holder', async () => {
  const s = await procs.startServer({ shell: true });
  const plan = await freePort(s.port, { parent: true, dryRun: true }, deps);
  assert.deepEqual(
    plan.planned?.map((p) => p.pid),
    [s.pid],
  );
  const shell = s.child.pid!;
  assert.deepEqual(
    plan.refused.map((r) => r.pid),
    [shell],
  );
  assert.match(
    plan.refused[0]?.reason ?? '',
    new RegExp(`^sh \\(PID ${shell}\\), the parent of the holder .* is a shell`),
  );
  const r = await freePort(s.port, { parent: true, respawnWindowMs: 0 }, deps);
  assert.equal(r.freed, true, r.message);
  assert.deepEqual(
    r.stopped.map((x) => x.pid),
    [s.pid],
  );
});

test('--parent with no parent it may stop (here Berth itself) stops the holder', async () => {
  const s = await procs.startServer(); // a child of this process, which plays Berth
  const r = await freePort(s.port, { parent: true, dryRun: true }, deps);
  assert.deepEqual(
    r.planned?.map((p) => p.pid),
    [s.pid],
    JSON.stringify(r),
  );
  assert.deepEqual(r.refused, []);
});

test('SIGTERM marker proves the graceful path ran', async () => {
  const m = marker();
  const s = await procs.startServer({ env: { MARKER: m } });
  await freePort(s.port, { respawnWindowMs: 0 }, deps);
  assert.ok(Number(readFileSync(m, 'utf8')) > 0);
});
