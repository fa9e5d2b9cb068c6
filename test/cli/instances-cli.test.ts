import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createProcessTracker, fixture, isAlive, waitFor } from '../helpers/processes.js';
import { findFreeBlock } from '../helpers/ports.js';
import { makeTempDir } from '../helpers/temp.js';
import { killRecordedInstances, runBerth, stopHostOf } from '../helpers/berth-cli.js';
import { readHolder } from '../../electron/host/lock.js';
import { checkBindable } from '../../electron/core/ports/free-check.js';

const procs = createProcessTracker();
const homes: { dir: string; remove: () => void }[] = [];

/** Stops every host these tests started (by the PID in its lock, identity verified) and every instance. */
after(async () => {
  for (const h of homes) {
    await stopHostOf(h.dir);
    await killRecordedInstances(h.dir);
  }
  await procs.cleanup();
  for (const h of homes) h.remove();
});

const berth = (home: string, ...args: string[]) => runBerth(args, { home, killAfterMs: 90_000 });
function newHome(): string {
  const h = makeTempDir();
  homes.push(h);
  return h.dir;
}
const server = fixture('server');
const cmd = `"${process.execPath}" "${server}"`;

test('profile round trip, and validation errors that name the field without writing anything', async () => {
  const home = newHome();
  const add = await berth(
    home,
    'profile',
    'add',
    'web',
    '--cmd',
    cmd,
    '--port',
    '4100',
    '--range',
    '4100-4110',
    '--env',
    'A=1',
    '--ready',
    'http:/health',
    '--group',
    'app',
    '--json',
  );
  assert.equal(add.code, 0, add.stderr);
  assert.match(add.stderr, /Started a background Berth host/);
  const saved = JSON.parse(add.stdout) as Record<string, unknown>;
  assert.deepEqual(saved.ports, [{ name: 'PORT', preferred: 4100, range: [4100, 4110], pinned: false }]);
  assert.deepEqual(saved.ready, { type: 'http', path: '/health' });
  const show = await berth(home, 'profile', 'show', 'web', '--json');
  assert.deepEqual(JSON.parse(show.stdout), saved);
  assert.match((await berth(home, 'profile', 'show', 'web')).stdout, /^web\n {2}command {4}/);
  const before = readFileSync(join(home, 'profiles.json'), 'utf8');
  for (const [args, msg] of [
    [['--port', '0'], /^berth: --port: must be from 1 to 65535, got 0$/m],
    [['--port', '65536'], /got 65536/],
    [['--port', '80a'], /--port: must be a whole number from 1 to 65535, got "80a"/],
    [['--range', '5000-4000'], /--range: from \(5000\) is greater than to \(4000\)/],
    [['--ready-timeout', '-1'], /^berth: --ready-timeout: must not be negative$/m],
    [['--cwd', '/no/such/dir'], /cwd: folder \/no\/such\/dir does not exist/],
  ] as const) {
    const r = await berth(home, 'profile', 'add', 'other', '--cmd', 'x', ...args);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, msg);
  }
  assert.equal((await berth(home, 'profile', 'add', 'empty', '--cmd', ' ')).code, 2);
  const dup = await berth(home, 'profile', 'add', 'web', '--cmd', 'x');
  assert.equal(dup.code, 2);
  assert.match(dup.stderr, /a profile named "web" already exists/);
  assert.equal(readFileSync(join(home, 'profiles.json'), 'utf8'), before, 'nothing invalid was written');
  const edit = await berth(home, 'profile', 'edit', 'web', '--policy', 'strict');
  assert.equal(edit.code, 0, edit.stderr);
  assert.equal(
    (JSON.parse((await berth(home, 'profile', 'show', 'web', '--json')).stdout) as { policy: string }).policy,
    'strict',
  );
  assert.equal((await berth(home, 'profile', 'rm', 'web')).code, 0);
  assert.equal((await berth(home, 'profile', 'show', 'web')).code, 1);
});

test('start falls back naming the holder, status --json has the documented fields, stop frees the port', async () => {
  const home = newHome();
  const block = await findFreeBlock(3, 61600);
  const holder = await procs.startServer({ env: { PORT: String(block[0]) } });
  await berth(
    home,
    'profile',
    'add',
    'web',
    '--cmd',
    cmd,
    '--port',
    String(block[0]),
    '--range',
    `${block[0]}-${block[2]}`,
  );
  const start = await berth(home, 'start', 'web');
  assert.equal(start.code, 0, start.stderr);
  // The fixture listens on 127.0.0.1 only, so the URL names that address (issue 8 §9).
  assert.equal(
    start.stdout.trim(),
    `web → http://127.0.0.1:${block[1]} (${block[0]} is held by node, PID ${holder.pid})`,
  );
  const status = await berth(home, 'status', '--json');
  const [inst] = JSON.parse(status.stdout) as Record<string, unknown>[];
  for (const k of ['id', 'profile', 'status', 'pid', 'ports', 'allocation', 'url', 'logFile', 'startedAt', 'exitCode'])
    assert.ok(k in inst!, `has ${k}`);
  assert.deepEqual(inst!.ports, { PORT: block[1] });
  const alloc = (
    inst!.allocation as {
      preferred: number;
      assigned: number;
      source: string;
      attempts: unknown[];
      heldBy: { pid: number }[];
    }[]
  )[0]!;
  assert.deepEqual(
    [alloc.preferred, alloc.assigned, alloc.source, alloc.heldBy[0]?.pid],
    [block[0], block[1], 'preferred', holder.pid],
  );
  const stop = await berth(home, 'stop', 'web', '--json');
  assert.equal(stop.code, 0, stop.stderr);
  assert.equal((JSON.parse(stop.stdout) as { status: string }[])[0]?.status, 'stopped');
  assert.equal((await checkBindable(block[1]!)).ok, true);
  // Sticky: the port it fell back to is preferred next time.
  assert.match((await berth(home, 'profile', 'ls')).stdout, new RegExp(`PORT=${block[1]}`));
});

test('strict policy fails naming the holder (exit 1)', async () => {
  const home = newHome();
  const [p] = await findFreeBlock(1, 61620);
  const holder = await procs.startServer({ env: { PORT: String(p) } });
  await berth(home, 'profile', 'add', 'api', '--cmd', cmd, '--port', String(p), '--policy', 'strict');
  const r = await berth(home, 'start', 'api');
  assert.equal(r.code, 1);
  assert.match(r.stderr, new RegExp(`Port ${p} is in use by node \\(PID ${holder.pid}\\)`));
});

test('two launches at once on one range get distinct ports', async () => {
  const home = newHome();
  const block = await findFreeBlock(2, 61630);
  await berth(
    home,
    'profile',
    'add',
    'a',
    '--cmd',
    cmd,
    '--port',
    String(block[0]),
    '--range',
    `${block[0]}-${block[1]}`,
  );
  await berth(
    home,
    'profile',
    'add',
    'b',
    '--cmd',
    cmd,
    '--port',
    String(block[0]),
    '--range',
    `${block[0]}-${block[1]}`,
  );
  const [ra, rb] = await Promise.all([berth(home, 'start', 'a', '--json'), berth(home, 'start', 'b', '--json')]);
  assert.equal(ra.code, 0, ra.stderr);
  assert.equal(rb.code, 0, rb.stderr);
  const ports = [ra, rb].map((r) => (JSON.parse(r.stdout) as { ports: { PORT: number } }[])[0]!.ports.PORT);
  assert.deepEqual([...ports].sort(), [...block].sort());
});

test('a host killed with SIGKILL: the next host adopts its instances and stops them', async () => {
  const home = newHome();
  await berth(home, 'profile', 'add', 'svc', '--cmd', cmd);
  const start = await berth(home, 'start', 'svc', '--json');
  const [inst] = JSON.parse(start.stdout) as { id: string; pid: number; ports: { PORT: number } }[];
  const holder = readHolder(join(home, 'host.lock'))!;
  process.kill(holder.pid, 'SIGKILL');
  await waitFor(async () => !(await isAlive(holder.pid)));
  assert.equal(await isAlive(inst!.pid), true, 'the server outlived its host');
  const status = await berth(home, 'status', '--json');
  assert.match(status.stderr, /Started a background Berth host/);
  const adopted = (JSON.parse(status.stdout) as { id: string; status: string }[]).find((i) => i.id === inst!.id);
  assert.equal(adopted?.status, 'ready');
  const stop = await berth(home, 'stop', inst!.id);
  assert.equal(stop.code, 0, stop.stderr + stop.stdout);
  assert.equal(await isAlive(inst!.pid), false);
  assert.equal((await checkBindable(inst!.ports.PORT)).ok, true);
});

test('a corrupt profiles file is moved aside and reported; Berth still starts', async () => {
  const home = newHome();
  writeFileSync(join(home, 'profiles.json'), '{"version": 1, "profiles": {"web": ');
  const r = await berth(home, 'profile', 'ls');
  assert.equal(r.code, 0, r.stderr);
  const aside = readdirSync(home).filter((f) => f.startsWith('profiles.json.corrupt-'));
  assert.equal(aside.length, 1);
  assert.equal(readFileSync(join(home, aside[0]!), 'utf8'), '{"version": 1, "profiles": {"web": ');
  const log = readFileSync(join(home, 'host.log'), 'utf8');
  assert.match(log, /Your profiles file could not be read .* moved to .*profiles\.json\.corrupt-/);
});

test('an invalid stored profile is kept aside, the valid ones load', async () => {
  const home = newHome();
  writeFileSync(
    join(home, 'profiles.json'),
    JSON.stringify({
      version: 1,
      profiles: {
        ok: { name: 'ok', command: 'x', cwd: home },
        bad: { name: 'bad', command: 'x', cwd: home, ports: [{ name: 'PORT', preferred: 99999 }] },
      },
    }),
  );
  const r = await berth(home, 'profile', 'ls', '--json');
  assert.deepEqual(
    (JSON.parse(r.stdout) as { name: string }[]).map((p) => p.name),
    ['ok'],
  );
  const rejected = readdirSync(home).find((f) => f.startsWith('profiles.rejected-'));
  assert.ok(rejected);
  assert.match(readFileSync(join(home, rejected), 'utf8'), /99999/);
});

test('log flood: a server writing fast does not stall the host; logs -n shows the tail', async () => {
  const home = newHome();
  const flood =
    `"${process.execPath}" -e "const s='x'.repeat(1000)+'\\n';let n=0;(function w(){while(n<40000){n++;` +
    `if(!process.stdout.write(s))return process.stdout.once('drain',w)}console.log('flood-done');` +
    `require('net').createServer().listen(process.env.PORT);})()"`;
  await berth(home, 'profile', 'add', 'loud', '--cmd', flood, '--ready-timeout', '60');
  const start = await berth(home, 'start', 'loud');
  assert.equal(start.code, 0, start.stderr);
  const t = Date.now();
  const st = await berth(home, 'status');
  assert.equal(st.code, 0);
  assert.ok(Date.now() - t < 20_000, 'the host answers while logs are heavy');
  const logs = await berth(home, 'logs', 'loud', '-n', '1');
  if (logs.stdout.trim() !== 'flood-done') {
    const status = await berth(home, 'status', '--json');
    const files = readdirSync(join(home, 'logs')).map((f) => `${f}: ${statSync(join(home, 'logs', f)).size}`);
    assert.fail(
      `last line ${JSON.stringify(logs.stdout.slice(0, 30))}… (${logs.stdout.length} chars); ` +
        `start said ${start.stdout.slice(0, 300)}; ` +
        `status ${status.stdout.slice(0, 600)}; files ${files.join(', ')}`,
    );
  }
});

test('logs -n N prints N lines past 200; stop says when SIGKILL was needed', async () => {
  const home = newHome();
  // 500 numbered lines, then a listener that ignores SIGTERM.
  const script =
    `"${process.execPath}" -e "for(let i=1;i<=500;i++)console.log('line '+i);` +
    `process.on('SIGTERM',()=>{});require('net').createServer().listen(process.env.PORT);"`;
  await berth(home, 'profile', 'add', 'stubborn', '--cmd', script, '--stop-timeout', '1');
  const start = await berth(home, 'start', 'stubborn');
  assert.equal(start.code, 0, start.stderr);
  const logs = await berth(home, 'logs', 'stubborn', '-n', '500');
  const lines = logs.stdout.trimEnd().split('\n');
  assert.equal(lines.length, 500, logs.stderr);
  assert.equal(lines[0], 'line 1');
  assert.equal(lines.at(-1), 'line 500');
  const tooMany = await berth(home, 'logs', 'stubborn', '-n', '20000');
  assert.equal(tooMany.code, 2);
  assert.match(tooMany.stderr, /-n takes at most 10000 lines/);
  const stop = await berth(home, 'stop', 'stubborn');
  assert.equal(stop.code, 0, stop.stderr);
  assert.match(stop.stdout, /: stopped — Stopped, forced after 1 s \(SIGKILL\)\./);
});

test('import shows what it will create, needs --yes off a terminal, and never overwrites a profile', async () => {
  const home = newHome();
  const { mkdirSync } = await import('node:fs');
  const dir = join(home, 'shop');
  mkdirSync(dir);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ scripts: { dev: 'vite', start: 'node server.js' } }));
  await berth(home, 'profile', 'add', 'shop-start', '--cmd', 'mine', '--cwd', dir);
  const preview = await berth(home, 'import', dir);
  assert.equal(preview.code, 2);
  assert.match(preview.stdout, /\+ shop-dev\s+npm run dev -- --port \{PORT\} --strictPort/);
  assert.match(preview.stdout, /= shop-start\s+skipped: a profile named "shop-start" exists/);
  assert.equal((await berth(home, 'profile', 'show', 'shop-dev')).code, 1, 'nothing created without --yes');
  const done = await berth(home, 'import', dir, '--yes');
  assert.equal(done.code, 0, done.stderr);
  assert.equal((await berth(home, 'profile', 'show', 'shop-dev')).code, 0);
  assert.equal(
    (JSON.parse((await berth(home, 'profile', 'show', 'shop-start', '--json')).stdout) as { command: string }).command,
    'mine',
  );
});
