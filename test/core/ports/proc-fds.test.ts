import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, openSync, readdirSync, statSync } from 'node:fs';
import { readFdCount, socketInodeAt, threadGroupOf } from '../../../electron/core/ports/linux-proc-fds.js';
import { createSocketFdMemory } from '../../../electron/core/ports/linux-socket-fds.js';
import { createProcessTracker } from '../../helpers/processes.js';

const procs = createProcessTracker();
after(() => procs.cleanup());
const linux = process.platform === 'linux';

test(
  'fd counts through fstatat equal the size stat(2) reports for /proc/<pid>/fd; a gone pid is null',
  { skip: !linux && 'Linux only' },
  async () => {
    const server = await procs.startServer();
    for (const pid of [process.pid, server.pid]) {
      // Nothing opens or closes fds in the fixture meanwhile; this process's are stable between two sync calls.
      assert.equal(readFdCount('/proc', pid), statSync(`/proc/${pid}/fd`).size, `PID ${pid}`);
    }
    process.kill(server.pid, 'SIGKILL');
    await new Promise<void>((r) => server.child.once('exit', () => r()));
    assert.equal(readFdCount('/proc', server.pid), null);
    assert.equal(readFdCount('/nonexistent-proc-root', process.pid), null);
  },
);

test('socketInodeAt: null at a file fd and at a closed fd', { skip: !linux && 'Linux only' }, () => {
  const fd = openSync('/dev/null', 'r');
  try {
    assert.equal(socketInodeAt('/proc', process.pid, fd), null);
  } finally {
    closeSync(fd);
  }
  assert.equal(socketInodeAt('/proc', process.pid, fd), null);
});

test('socket fd memory: a closed socket vacates every fd it was found at, taken once, most recent first', () => {
  const m = createSocketFdMemory();
  m.found(10, 100, 5);
  m.found(10, 101, 7); // a forked worker shares the socket
  m.found(10, 100, 5); // found again at the same place: recorded once
  m.found(11, 200, 3);
  m.closed(11);
  m.closed(10);
  m.closed(12); // never found: nothing to vacate
  assert.deepEqual([...m.inodes()], []);
  assert.deepEqual(m.takeVacated(), [
    { pid: 100, fd: 5 },
    { pid: 101, fd: 7 },
    { pid: 200, fd: 3 },
  ]);
  assert.deepEqual(m.takeVacated(), []);
});

test(
  'threadGroupOf: a process is itself, a thread is its process, a gone id is null (pidfd probe and /proc agree)',
  { skip: !linux && 'Linux only' },
  async () => {
    const server = await procs.startServer();
    const thread = readdirSync(`/proc/${server.pid}/task`)
      .map(Number)
      .find((tid) => tid !== server.pid);
    assert.ok(thread !== undefined, 'a Node process runs more than one thread');
    const exited = spawnSync('true').pid!; // our own child, already reaped
    for (const probe of [true, false]) {
      assert.equal(threadGroupOf('/proc', server.pid, probe), server.pid, `process (probe ${probe})`);
      assert.equal(threadGroupOf('/proc', thread, probe), server.pid, `thread (probe ${probe})`);
      assert.equal(threadGroupOf('/proc', exited, probe), null, `gone (probe ${probe})`);
    }
  },
);
