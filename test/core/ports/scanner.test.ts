import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { connect } from 'node:net';
import { createNetlinkDumper } from '../../../electron/core/ports/linux-netlink.js';
import { createScanner } from '../../../electron/core/ports/scanner.js';
import type { RawSocket } from '../../../electron/core/ports/types.js';
import { createProcessTracker, waitFor } from '../../helpers/processes.js';
import { nobodyCanRead, runAsNobody, scanPortScript } from './as-nobody.js';

const procs = createProcessTracker();
after(() => procs.cleanup());
const linux = process.platform === 'linux';

test('a scan lists IPv4 and IPv6 listeners with the owner pid, name, command, user and start time', async () => {
  const v4 = await procs.startServer({ env: { HOST: '127.0.0.1' } });
  const v6 = await procs.startServer({ env: { HOST: '::1' } });
  const scanner = createScanner({ mode: 'inline' });
  try {
    const { listeners } = await scanner.scan();
    const a = listeners.find((l) => l.port === v4.port && l.address === '127.0.0.1');
    const b = listeners.find((l) => l.port === v6.port && l.address === '::1');
    assert.ok(a && b, 'both listeners are listed');
    assert.equal(a.family, 4);
    assert.equal(b.family, 6);
    for (const [l, ready] of [
      [a, v4],
      [b, v6],
    ] as const) {
      assert.equal(l.pid, ready.pid);
      assert.equal(l.process, 'node');
      assert.match(l.command ?? '', /fixtures\/server\.js/);
      assert.equal(typeof l.user, 'string');
      assert.ok(l.startTime !== null && Math.abs(l.startTime - Date.now()) < 120_000, 'start time is recent');
    }
  } finally {
    await scanner.close();
  }
});

test('a client connected to a port is never taken for its owner', async () => {
  const server = await procs.startServer();
  const client = connect(server.port, '127.0.0.1');
  await new Promise<void>((r) => client.once('connect', () => r()));
  const scanner = createScanner({ mode: 'inline' });
  try {
    const on = (await scanner.scan()).listeners.filter((l) => l.port === server.port);
    assert.deepEqual(
      on.map((l) => l.pid),
      [server.pid],
    );
    assert.ok(!on.some((l) => l.holders.some((h) => h.pid === process.pid)), 'the client process is not a holder');
  } finally {
    client.destroy();
    await scanner.close();
  }
});

test('worker scanner: a listener from a new process shows up in the next poll; a gone one disappears', async () => {
  const scanner = createScanner({ mode: 'worker' });
  try {
    await scanner.scan(); // warm the caches
    await scanner.scan();
    const server = await procs.startServer();
    const next = await scanner.scan();
    const l = next.listeners.find((x) => x.port === server.port);
    assert.equal(l?.pid, server.pid, 'attributed in the very next poll');
    process.kill(server.pid, 'SIGKILL');
    await waitFor(async () => !(await scanner.scan()).listeners.some((x) => x.port === server.port));
  } finally {
    await scanner.close();
  }
});

test('a socket shared by a forked child lists both holders, the oldest first', async () => {
  const server = await procs.startServer({ args: ['--fork-child'] });
  const scanner = createScanner({ mode: 'inline' });
  try {
    const l = (await scanner.scan()).listeners.find((x) => x.port === server.port);
    assert.equal(l?.pid, server.pid);
    assert.deepEqual(l?.holders.map((h) => h.pid).sort(), [server.pid, server.childPid].sort());
  } finally {
    await scanner.close();
  }
});

test('the /proc/net fallback reports the same listeners as netlink', { skip: !linux && 'Linux only' }, async () => {
  const a = await procs.startServer({ env: { HOST: '127.0.0.1' } });
  const b = await procs.startServer({ env: { HOST: '::' } });
  const nl = createScanner({ mode: 'inline', kernel: 'netlink' });
  const pf = createScanner({ mode: 'inline', kernel: 'procfs' });
  try {
    const key = (l: { port: number; address: string; family: number; pid: number | null }) =>
      `${l.family} ${l.address} ${l.port} ${l.pid}`;
    const ours = (ls: readonly { port: number }[]) => ls.filter((l) => l.port === a.port || l.port === b.port);
    const r1 = await nl.scan();
    const r2 = await pf.scan();
    assert.equal(r1.source, 'netlink');
    assert.equal(r2.source, 'procfs');
    assert.deepEqual(ours(r2.listeners).map(key as never), ours(r1.listeners).map(key as never));
    assert.equal(ours(r1.listeners).length, 2);
  } finally {
    await nl.close();
    await pf.close();
  }
});

test(
  'the one-request netlink dump lists the same IPv4 and IPv6 sockets as the per-family requests',
  { skip: !linux && 'Linux only' },
  async () => {
    const a = await procs.startServer({ env: { HOST: '127.0.0.1' } });
    const b = await procs.startServer({ env: { HOST: '::' } });
    const c = await procs.startServer({ env: { HOST: '::', DUAL: '1' } });
    const both = createNetlinkDumper();
    const each = createNetlinkDumper({ perFamily: true });
    assert.ok('dump' in both && 'dump' in each, 'netlink is available here');
    try {
      const key = (s: RawSocket): string => `${s.family} ${s.address} ${s.port} ${s.inode}`;
      const sorted = (xs: readonly RawSocket[]): string[] => xs.map(key).sort();
      const one = both.dump();
      assert.deepEqual(sorted(one), sorted(each.dump()));
      const ours = one.filter((s) => [a.port, b.port, c.port].includes(s.port));
      assert.deepEqual(ours.map((s) => s.family).sort(), [4, 6, 6]);
    } finally {
      if ('dump' in both) both.close();
      if ('dump' in each) each.close();
    }
  },
);

test(
  'an owner that cannot be seen is listed with pid null and a reason, not dropped',
  { skip: (!linux || process.getuid?.() !== 0) && 'needs root to run the scan as another user' },
  async (t) => {
    // Run the scan as nobody: a root-owned listener's /proc/<pid>/fd is then unreadable. The scanner
    // is imported directly, so this checks the scanner whatever state the CLI is in.
    const server = await procs.startServer();
    const scannerUrl = new URL('../../../electron/core/ports/scanner.js', import.meta.url).href;
    const stdout = runAsNobody(t, scannerUrl, scanPortScript(scannerUrl, server.port));
    if (stdout === null) return;
    const [l] = JSON.parse(stdout) as { pid: number | null; reason?: string; user: string }[];
    assert.equal(l?.pid, null);
    assert.equal(l?.user, 'root');
    assert.match(l?.reason ?? '', /owned by user root/);
  },
);

test(
  'a process whose fds are listed but whose links cannot be read is reported as permission denied',
  { skip: (!linux || process.getuid?.() !== 0) && 'needs root to start a server as another user' },
  async (t) => {
    // Root without CAP_SYS_PTRACE lists another user's /proc/<pid>/fd (DAC override) but every readlink in
    // it fails with EACCES (ptrace access mode): the same as a process of an outer PID namespace.
    if (spawnSync('setpriv', ['--bounding-set', '-sys_ptrace', 'true']).status !== 0) {
      return t.skip('setpriv cannot drop CAP_SYS_PTRACE here');
    }
    const scannerUrl = new URL('../../../electron/core/ports/scanner.js', import.meta.url).href;
    // The fixture server runs as nobody, so the checkout must be readable by nobody.
    if (!nobodyCanRead(t, new URL('../../fixtures/server.js', import.meta.url).href)) return;
    const server = await procs.startServer({ uid: 65534 });
    const r = spawnSync(
      'setpriv',
      [
        '--bounding-set',
        '-sys_ptrace',
        process.execPath,
        '--input-type=module',
        '-e',
        scanPortScript(scannerUrl, server.port),
      ],
      {
        encoding: 'utf8',
        timeout: 30_000,
      },
    );
    assert.equal(r.status, 0, r.stderr);
    const [l] = JSON.parse(r.stdout) as { pid: number | null; reason?: string; user: string }[];
    assert.equal(l?.pid, null);
    assert.equal(l?.user, 'nobody');
    assert.match(
      l?.reason ?? '',
      /^no visible process holds it; \d+ process(es)? could not be read \(permission denied\)/,
    );
  },
);
