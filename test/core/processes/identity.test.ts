import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { checkIdentity, signalVerified } from '../../../electron/core/processes/identity.js';
import { getProcessInfo, listProcesses } from '../../../electron/core/processes/process-table.js';
import { createGuardContext, refuseReason } from '../../../electron/core/processes/guard.js';
import { createProcessTracker, isAlive } from '../../helpers/processes.js';

const procs = createProcessTracker();
after(() => procs.cleanup());

test('a forged start time makes the identity "changed" and no signal is sent', async () => {
  const s = await procs.startServer();
  const real = (await getProcessInfo(s.pid))!;
  assert.equal(await checkIdentity({ pid: s.pid, startKey: real.startKey }), 'same');
  const forged = { pid: s.pid, startKey: real.startKey.replace(/:(\d+)$/, (_m, t: string) => `:${Number(t) + 1}`) };
  assert.equal(await checkIdentity(forged), 'changed');
  assert.equal(await signalVerified(forged, 'SIGKILL'), 'changed');
  assert.equal(await isAlive(s.pid), true, 'the process was not signalled');
  assert.equal(await signalVerified({ pid: s.pid, startKey: real.startKey }, 'SIGKILL'), 'sent');
});

test('an exited process is "gone"', async () => {
  const s = await procs.startServer();
  const id = { pid: s.pid, startKey: (await getProcessInfo(s.pid))!.startKey };
  process.kill(s.pid, 'SIGKILL');
  await new Promise<void>((r) => s.child.once('exit', () => r()));
  assert.equal(await checkIdentity(id), 'gone');
  assert.equal(await signalVerified(id, 'SIGTERM'), 'gone');
});

test('forbidden targets are refused with a reason', async () => {
  const ctx = createGuardContext(await listProcesses());
  assert.match(refuseReason(1, ctx) ?? '', /init process/);
  assert.match(refuseReason(0, ctx) ?? '', /not a process Berth may signal/);
  assert.match(refuseReason(-12, ctx) ?? '', /not a process Berth may signal/);
  assert.match(refuseReason(1.5, ctx) ?? '', /not a process ID/);
  assert.match(refuseReason('812' as unknown as number, ctx) ?? '', /not a process ID/);
  assert.equal(refuseReason(process.pid, ctx), 'it is Berth itself');
  assert.match(refuseReason(process.ppid, ctx) ?? '', /ancestor/);
  if (ctx.selfPgid !== null && ctx.selfPgid !== process.pid && !ctx.ancestors.has(ctx.selfPgid)) {
    assert.match(refuseReason(ctx.selfPgid, ctx) ?? '', /process group/);
  }
  const s = await procs.startServer();
  assert.equal(refuseReason(s.pid, ctx), null);
});
