import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { createLinuxScanSource } from '../../../electron/core/ports/linux-source.js';
import { createExitWatch } from '../../../electron/core/ports/linux-exit-watch.js';
import { loadLibc } from '../../../electron/core/processes/linux-libc.js';
import { createProcessTracker, fixture, readJsonLine, waitFor, type FixtureReady } from '../../helpers/processes.js';

/**
 * Owners are confirmed every poll without reading their /proc/<pid>/stat: one poll(2) over pidfds
 * says which exited. An owner that exits (reaped, or a zombie nobody reaps) stops being listed as a
 * holder, while the process it handed the socket to is listed alone.
 */
const procs = createProcessTracker();
after(() => procs.cleanup());
const linux = process.platform === 'linux';
const pidfds = linux && loadLibc()?.pidfdOpen != null;

/** A fixture that hands its listening socket to a forked child; `zombie`: its parent never reaps it. */
async function sharedListener(zombie: boolean): Promise<FixtureReady> {
  if (!zombie) return procs.startServer({ args: ['--fork-child'] });
  // sh execs sleep, which becomes the server's parent and never waits for it.
  const child = procs.start('/bin/sh', [
    '-c',
    `"${process.execPath}" "${fixture('server')}" --fork-child & exec sleep 120`,
  ]);
  const ready = (await readJsonLine(child, 10_000)) as FixtureReady;
  await procs.track(ready.pid);
  await procs.track(ready.childPid);
  return ready;
}

const state = (pid: number): string | null => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  } catch {
    return null;
  }
};

for (const zombie of [false, true]) {
  test(
    `an owner that exits${zombie ? ' as a zombie' : ''} is dropped; the child holding the socket stays`,
    { skip: !linux && 'Linux only' },
    async () => {
      const server = await sharedListener(zombie);
      const source = createLinuxScanSource();
      try {
        const holders = (): number[] | undefined =>
          source
            .scan()
            .listeners.find((l) => l.port === server.port)
            ?.holders.map((h) => h.pid)
            .sort();
        assert.deepEqual(holders(), [server.pid, server.childPid!].sort());
        process.kill(server.pid, 'SIGKILL'); // our own fixture
        if (zombie) await waitFor(() => state(server.pid) === 'Z', 10_000);
        else await waitFor(() => state(server.pid) === null, 10_000);
        // A zombie leader's other threads may still be exiting: the process has exited once they are gone.
        await waitFor(() => holders()?.length === 1, 5_000, 50);
        assert.deepEqual(holders(), [server.childPid], 'the child alone holds it');
        if (zombie) assert.equal(state(server.pid), 'Z', 'the owner is still a zombie');
        const l = source.scan().listeners.find((x) => x.port === server.port);
        assert.equal(l?.pid, server.childPid);
      } finally {
        source.close();
      }
    },
  );
}

test(
  'the exit watch: one poll says nothing exited, then names the process that did',
  { skip: (!linux && 'Linux only') || (!pidfds && 'pidfd_open is unavailable here (Linux < 5.3 or no koffi)') },
  async () => {
    const a = await procs.startServer();
    const b = await procs.startServer();
    const watch = createExitWatch();
    assert.ok((watch.open(a.pid) ?? -1) >= 0, 'a pidfd for a');
    assert.ok((watch.open(b.pid) ?? -1) >= 0, 'a pidfd for b');
    const none = watch.exited();
    assert.deepEqual(none, []);
    assert.equal(watch.exited(), none, 'the same empty array while nothing exits');
    process.kill(b.pid, 'SIGKILL'); // our own fixture
    assert.deepEqual(await waitFor(() => (watch.exited().length > 0 ? watch.exited() : null), 10_000), [b.pid]);
    watch.close(b.pid);
    assert.deepEqual(watch.exited(), [], 'a closed pid is no longer watched');
    watch.close(a.pid);
  },
);

test(
  'closing a scan source releases the pidfds it watched owners through',
  { skip: (!linux && 'Linux only') || (!pidfds && 'pidfd_open is unavailable here (Linux < 5.3 or no koffi)') },
  async () => {
    const pidfdCount = (): number =>
      readdirSync('/proc/self/fd').filter((fd) => {
        try {
          return readlinkSync(`/proc/self/fd/${fd}`) === 'anon_inode:[pidfd]';
        } catch {
          return false; // the directory's own fd, closed meanwhile
        }
      }).length;
    await procs.startServer();
    const before = pidfdCount();
    const source = createLinuxScanSource();
    source.scan();
    assert.ok(pidfdCount() > before, 'owners are watched through pidfds');
    source.close();
    assert.equal(pidfdCount(), before);
  },
);
