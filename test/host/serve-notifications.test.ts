import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { getProcessInfo } from '../../electron/core/processes/process-table.js';
import type { FreePortResult } from '../../electron/contract/views.js';
import { createProcessTracker, fixture, waitFor } from '../helpers/processes.js';
import { findFreeBlock } from '../helpers/ports.js';
import { makeTempDir } from '../helpers/temp.js';
import { runBerth, startServe } from '../helpers/berth-cli.js';

/**
 * Issue 12 §3: `berth serve` logs the same notification decisions a tray app shows, for commands any face
 * sent, here the CLI in another process (the host hears them through engine.onCommand).
 */
const procs = createProcessTracker();
const serves: ChildProcess[] = [];
const homes: { dir: string; remove: () => void }[] = [];

after(async () => {
  for (const s of serves) {
    if (s.exitCode !== null || s.signalCode !== null) continue;
    s.kill('SIGTERM');
    await new Promise((r) => s.once('exit', r));
  }
  await procs.cleanup();
  for (const h of homes) h.remove();
});

const berth = (home: string, ...args: string[]) => runBerth(args, { home });

/** `berth serve` on a fresh data dir; `notified()` is the notify: lines of its output so far. */
async function serveFresh(): Promise<{ home: string; notified: () => string[] }> {
  const h = makeTempDir();
  homes.push(h);
  const { child, output } = await startServe(procs, h.dir);
  serves.push(child);
  return {
    home: h.dir,
    notified: () =>
      output()
        .split('\n')
        .filter((l) => l.startsWith('notify: ')),
  };
}

test(
  'berth serve logs a strict launch refused from the CLI, and no conflict for start --new beside its own instance',
  { timeout: 60_000 },
  async () => {
    const { home, notified } = await serveFresh();
    // web falls back to the next port; api is past it.
    const [web, , api] = await findFreeBlock(3, 47610);
    const cmd = `"${process.execPath}" "${fixture('server')}"`;
    assert.equal((await berth(home, 'profile', 'add', 'web', '--cmd', cmd, '--port', String(web))).code, 0);
    const first = await berth(home, 'start', 'web', '--json');
    assert.equal(first.code, 0, first.stderr);
    for (const i of JSON.parse(first.stdout) as { pid: number }[]) await procs.track(i.pid);
    // The first instance must be seen listening, so the second one falls back because of it.
    await waitFor(async () => {
      const ports = await berth(home, 'ports', '--json');
      return (JSON.parse(ports.stdout) as { port: number; holder: string }[]).some(
        (l) => l.port === web && l.holder === 'instance',
      );
    }, 15_000);
    const second = await berth(home, 'start', 'web', '--new', '--json');
    assert.equal(second.code, 0, second.stderr);
    const again = JSON.parse(second.stdout) as { pid: number; ports: Record<string, number> }[];
    for (const i of again) await procs.track(i.pid);
    assert.notEqual(again[0]!.ports.PORT, web, 'the second instance fell back');
    // The host pushes snapshots at most 4 a second: a conflict announced for it would be logged by now.
    await new Promise((r) => setTimeout(r, 1500));

    const squatter = await procs.startServer({ env: { PORT: String(api) } });
    assert.equal(squatter.ready, true, JSON.stringify(squatter));
    const add = await berth(home, 'profile', 'add', 'api', '--cmd', cmd, '--port', String(api), '--policy', 'strict');
    assert.equal(add.code, 0, add.stderr);
    const refused = await berth(home, 'start', 'api');
    assert.notEqual(refused.code, 0, 'a strict launch on a busy port fails');
    await waitFor(() => notified().length > 0, 10_000);
    assert.equal(notified().length, 1, notified().join('\n'));
    assert.match(notified()[0]!, new RegExp(`^notify: api did not start: .*${api}.*node \\(PID ${squatter.pid}\\)`));
    assert.equal((await berth(home, 'stop', 'web')).code, 0);
  },
);

test('berth serve logs a port taken again by a respawning watcher after berth free from the CLI', async () => {
  const { home, notified } = await serveFresh();
  const [port] = await findFreeBlock(1, 47630);
  // A watcher like nodemon runs the fixture server on the port and starts it again 20 ms after it exits.
  const server = await procs.startServer({ script: 'watcher', env: { PORT: String(port) } });
  const watcher = (await getProcessInfo(server.pid))!.ppid;
  await procs.track(watcher);

  const freed = await berth(home, 'free', String(port), '--yes', '--json');
  const r = JSON.parse(freed.stdout) as FreePortResult;
  await procs.track(r.respawned?.pid);
  assert.equal(r.respawned?.parent.pid, watcher, freed.stdout + freed.stderr);
  await waitFor(() => notified().length > 0, 10_000);
  assert.deepEqual(notified(), [
    `notify: Port ${port} was taken again: node (PID ${r.respawned!.pid}) took it right after it was freed; ` +
      `it was started by node (PID ${watcher}).`,
  ]);

  const parent = await berth(home, 'free', String(port), '--parent', '--yes', '--json');
  assert.equal((JSON.parse(parent.stdout) as FreePortResult).freed, true, parent.stdout);
});
