import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readHolder } from '../../electron/host/lock.js';
import { checkIdentity } from '../../electron/core/processes/identity.js';
import { createProcessTracker, fixture, isAlive, waitFor } from '../helpers/processes.js';
import { makeTempDir } from '../helpers/temp.js';
import { runBerth, startServe, stopHostOf } from '../helpers/berth-cli.js';

/** Issue 8 §5: the host lives and ends cleanly, and any number of CLI commands share one host. */
const procs = createProcessTracker();
const homes: { dir: string; remove: () => void }[] = [];

after(async () => {
  for (const h of homes) await stopHostOf(h.dir, 10_000);
  await procs.cleanup();
  for (const h of homes) h.remove();
});

function newHome(): string {
  const h = makeTempDir();
  homes.push(h);
  return h.dir;
}

const berth = (home: string, ...args: string[]) => runBerth(args, { home });

test('eight CLI commands started at once on a fresh data dir all succeed against one host', async () => {
  const home = newHome();
  const runs = await Promise.all(Array.from({ length: 8 }, () => berth(home, 'profile', 'ls', '--json')));
  for (const r of runs) assert.equal(r.code, 0, r.stderr + r.stdout);
  for (const r of runs) assert.equal(r.stdout.trim(), '[]');
  const holder = readHolder(join(home, 'host.lock'));
  assert.ok(holder && (await checkIdentity(holder)) === 'same', 'one host holds the data dir');
  assert.ok(
    runs.filter((r) => /Started a background Berth host/.test(r.stderr)).length <= 1,
    'only the winner says it started one',
  );
});

test('berth serve exits within seconds of SIGTERM and leaves its servers running for the next host', async () => {
  const home = newHome();
  const { child: serve } = await startServe(procs, home);
  const cmd = `"${process.execPath}" "${fixture('server')}"`;
  const add = await berth(home, 'profile', 'add', 'srv', '--cmd', cmd, '--cwd', process.cwd());
  assert.equal(add.code, 0, add.stderr);
  const start = await berth(home, 'start', 'srv', '--json');
  assert.equal(start.code, 0, start.stderr);
  const inst = (JSON.parse(start.stdout) as { pid: number }[])[0]!;
  await procs.track(inst.pid);
  const t0 = Date.now();
  serve.kill('SIGTERM');
  const code = await new Promise<number | null>((resolve) => serve.once('exit', (c) => resolve(c)));
  const took = Date.now() - t0;
  assert.equal(code, 0);
  assert.ok(took < 5000, `serve took ${took} ms to exit`);
  assert.ok(await isAlive(inst.pid), 'the server keeps running');
  const status = await berth(home, 'status', '--json');
  assert.equal(status.code, 0, status.stderr);
  const adopted = JSON.parse(status.stdout) as { pid: number; status: string }[];
  assert.deepEqual(
    adopted.map((i) => [i.pid, i.status]),
    [[inst.pid, 'ready']],
    'the next host adopts it',
  );
  const stop = await berth(home, 'stop', 'srv');
  assert.equal(stop.code, 0, stop.stderr);
});

test('berth serve logs the notification decision when a launch falls back', async () => {
  const home = newHome();
  const { child: serve, output } = await startServe(procs, home);
  const holder = await procs.startServer();
  const cmd = `"${process.execPath}" "${fixture('server')}"`;
  assert.equal((await berth(home, 'profile', 'add', 'web', '--cmd', cmd, '--port', String(holder.port))).code, 0);
  const start = await berth(home, 'start', 'web', '--json');
  assert.equal(start.code, 0, start.stderr);
  await waitFor(() => /notify: web started on \d+: \d+ is held by node \(PID \d+\)/.test(output()), 10_000);
  assert.match(output(), new RegExp(`${holder.port} is held by node \\(PID ${holder.pid}\\)`));
  assert.equal((await berth(home, 'stop', 'web')).code, 0);
  serve.kill('SIGTERM');
  await new Promise((r) => serve.once('exit', r));
});

test('berth host status and host stop end the background host; its servers keep running', async () => {
  const home = newHome();
  const none = await berth(home, 'host', 'status', '--json');
  assert.deepEqual([none.code, (JSON.parse(none.stdout) as { running: boolean }).running], [0, false]);
  const cmd = `"${process.execPath}" "${fixture('server')}"`;
  assert.equal((await berth(home, 'profile', 'add', 'bg', '--cmd', cmd)).code, 0);
  const start = await berth(home, 'start', 'bg', '--json');
  assert.equal(start.code, 0, start.stderr);
  const inst = (JSON.parse(start.stdout) as { pid: number }[])[0]!;
  await procs.track(inst.pid);
  const status = await berth(home, 'host', 'status', '--json');
  const s = JSON.parse(status.stdout) as { running: boolean; pid: number; url: string };
  assert.equal(s.running, true);
  assert.match(s.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
  const stop = await berth(home, 'host', 'stop');
  assert.equal(stop.code, 0, stop.stderr);
  assert.match(stop.stdout, new RegExp(`Stopped the Berth host \\(PID ${s.pid}\\)`));
  assert.equal(await isAlive(s.pid), false);
  assert.ok(await isAlive(inst.pid), 'its server keeps running');
  assert.equal((await berth(home, 'stop', 'bg')).code, 0);
});
