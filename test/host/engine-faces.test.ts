import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { startHost, type Host } from '../../electron/host/host.js';
import { connectControl } from '../../electron/host/control-client.js';
import { checkBindable } from '../../electron/core/ports/free-check.js';
import type { Snapshot } from '../../electron/contract/views.js';
import {
  berthBin,
  createProcessTracker,
  fixture,
  readJsonLine,
  waitFor,
  type FixtureReady,
} from '../helpers/processes.js';
import { makeTempDir } from '../helpers/temp.js';
import { runBerth } from '../helpers/berth-cli.js';

/**
 * Issue 7 from the faces' side: notices that reach the user, settings, holder classes, freeing a
 * Berth instance's port through the supervisor, and pushed state over the control socket.
 */
const procs = createProcessTracker();
const hosts: Host[] = [];
const temps: { dir: string; remove: () => void }[] = [];

after(async () => {
  for (const h of hosts) await h.close({ stopInstances: true });
  await procs.cleanup();
  for (const t of temps) t.remove();
});

async function newHost(prepare?: (dir: string) => void): Promise<{ host: Host; dir: string }> {
  const t = makeTempDir();
  temps.push(t);
  prepare?.(t.dir);
  const started = await startHost({ dataDir: t.dir, backoffScale: 0.01 });
  assert.ok(started.ok);
  hosts.push(started.host);
  return { host: started.host, dir: t.dir };
}

const berth = (home: string, ...args: string[]) => runBerth(args, { home });

const server = fixture('server');
const serverCmd = `"${process.execPath}" "${server}"`;

for (const [label, content] of [
  ['unparsable', '{"version": 1, "profiles": {'],
  ['an array', '[1,2,3]'],
  ['null', 'null'],
] as const) {
  test(`a profiles file that is ${label} is kept aside and the CLI says so once on stderr`, async () => {
    const { host, dir } = await newHost((d) => writeFileSync(join(d, 'profiles.json'), content));
    assert.ok(
      readdirSync(dir).some((n) => n.startsWith('profiles.json.corrupt-')),
      'the file is kept aside',
    );
    const notice = host.engine.notices.list().find((n) => n.kind === 'profiles-file');
    assert.ok(notice, 'a notice is raised');
    const ls = await berth(dir, 'profile', 'ls');
    assert.equal(ls.code, 0);
    assert.match(ls.stderr, /profiles file .* moved to/);
    const again = await berth(dir, 'profile', 'ls', '--json');
    assert.equal(again.stdout.trim(), '[]', '--json stdout stays clean');
    assert.doesNotMatch(again.stderr, /profiles file/, 'shown once');
    const list = await berth(dir, 'notices', '--json');
    assert.ok((JSON.parse(list.stdout) as { id: string }[]).some((n) => n.id === notice.id));
    const dismiss = await berth(dir, 'notices', 'dismiss', notice.id);
    assert.equal(dismiss.code, 0, dismiss.stderr);
    assert.equal(
      host.engine.notices.list().some((n) => n.id === notice.id),
      false,
    );
    assert.ok(existsSync(join(dir, 'notices.json')));
  });
}

test('settings: saved through the contract, validated with the field named, corrupt file kept aside', async () => {
  const { host, dir } = await newHost((d) => writeFileSync(join(d, 'settings.json'), '{"watchedPorts": "lots"}'));
  assert.ok(host.engine.notices.list().some((n) => n.kind === 'settings-file'));
  assert.deepEqual(host.engine.settings.get().watchedPorts, []);
  const set = await berth(dir, 'settings', 'set', 'watched-ports', '3000,8000');
  assert.equal(set.code, 0, set.stderr);
  assert.deepEqual(host.engine.state.get().settings.watchedPorts, [3000, 8000]);
  const bad = await berth(dir, 'settings', 'set', 'poll-idle', '0');
  assert.equal(bad.code, 2);
  assert.equal(bad.stderr, 'berth: poll-idle: must be at least 1 s\n', 'the message names the key the user typed');
  const word = await berth(dir, 'settings', 'set', 'notifications', 'maybe');
  assert.equal(word.code, 2);
  assert.match(word.stderr, /notifications: must be on or off, got 'maybe'/);
  const get = await berth(dir, 'settings', 'get', '--json');
  assert.equal((JSON.parse(get.stdout) as { pollIdleSeconds: number }).pollIdleSeconds, 5);
});

test('holder classes: Berth instance, the user, an orphan of a profile, a system service', async () => {
  const { host } = await newHost();
  const api = host.engine.api;
  assert.ok(
    (
      await api['profiles.save']({
        profile: { name: 'web', command: serverCmd, cwd: process.cwd(), ports: [{ name: 'PORT', preferred: 4310 }] },
      })
    ).ok,
  );
  const started = await api['instances.start']({ target: 'web' });
  assert.ok(started.ok && started.value.instances[0]?.status === 'ready', JSON.stringify(started));
  const inst = started.value.instances[0]!;
  const user = await procs.startServer();
  const orphan = await procs.startServer({ env: { BERTH_PROFILE: 'web', BERTH_INSTANCE_ID: 'web-gone' } });
  const link = join(temps.at(-1)!.dir, 'docker-proxy');
  symlinkSync(process.execPath, link);
  const sysChild = procs.start(link, [server], { env: { ...process.env, PORT: '0' } });
  const sys = (await readJsonLine(sysChild, 10_000)) as FixtureReady;
  await procs.track(sys.pid);

  const list = await api['ports.list']({});
  assert.ok(list.ok);
  const at = (port: number) => list.value.listeners.find((l) => l.port === port);
  assert.deepEqual(
    [at(inst.ports.PORT!)?.holder, at(inst.ports.PORT!)?.profile, at(inst.ports.PORT!)?.instance],
    ['instance', 'web', inst.id],
  );
  assert.equal(at(user.port)?.holder, 'user');
  assert.deepEqual([at(orphan.port)?.holder, at(orphan.port)?.profile], ['orphan', 'web']);
  assert.deepEqual([at(sys.port)?.holder, at(sys.port)?.system], ['system', 'container proxy']);

  const refused = await api['ports.free']({ port: sys.port });
  assert.equal(refused.ok, false);
  assert.ok(!refused.ok && refused.error.code === 'refused' && /system services/.test(refused.error.message));
  const forced = await api['ports.free']({ port: sys.port, allowSystem: true });
  assert.ok(forced.ok && forced.value.freed, JSON.stringify(forced));
});

test('freeing the port of a Berth instance stops it through the supervisor: stopped, not restarted', async () => {
  const { host, dir } = await newHost();
  const api = host.engine.api;
  const profile = {
    name: 'api',
    command: serverCmd,
    cwd: process.cwd(),
    restart: 'on-failure',
    ports: [{ name: 'PORT', preferred: 4330 }],
  };
  assert.ok((await api['profiles.save']({ profile })).ok);
  const started = await api['instances.start']({ target: 'api' });
  assert.ok(started.ok);
  const inst = started.value.instances[0]!;
  const port = inst.ports.PORT!;
  const plan = await berth(dir, 'free', String(port), '--dry-run', '--json');
  assert.equal(plan.code, 0, plan.stderr);
  assert.match((JSON.parse(plan.stdout) as { message: string }).message, /Would stop the Berth instance api/);
  const freed = await berth(dir, 'free', String(port), '--yes', '--json');
  assert.equal(freed.code, 0, freed.stderr);
  const r = JSON.parse(freed.stdout) as { freed: boolean; holder: string; hint?: string };
  assert.deepEqual([r.freed, r.holder, r.hint], [true, 'instance', undefined]);
  assert.ok((await checkBindable(port)).ok);
  await new Promise((res) => setTimeout(res, 1500));
  const after = host.engine.supervisor.get(inst.id)!;
  assert.equal(after.status, 'stopped');
  assert.equal(host.engine.supervisor.list().filter((i) => i.profile === 'api' && i.status !== 'stopped').length, 0);
});

test('the control socket pushes the snapshot on subscribe, then each change', async () => {
  const { host } = await newHost();
  const client = await connectControl(host.socketPath);
  const seen: Snapshot[] = [];
  const off = client.api.onState((s) => seen.push(s));
  await waitFor(() => seen.length >= 1, 5000);
  const save = await client.api['profiles.save']({ profile: { name: 'pushed', command: 'true', cwd: process.cwd() } });
  assert.ok(save.ok);
  await waitFor(() => seen.some((s) => s.profiles.some((p) => p.name === 'pushed')), 5000);
  for (let i = 1; i < seen.length; i++) assert.ok(seen[i]!.rev > seen[i - 1]!.rev, 'revs only go up');
  off();
  client.close();
});

test('the host survives any line on the control socket and refuses lines over 1 MiB', async () => {
  const { host } = await newHost();
  const lines = [
    'null',
    '42',
    '[1,2]',
    '"x"',
    '{"id":1,"command":"nope"}',
    '{"id":2,"command":"ports.who","request":{"port":"x"}}',
    '{"id":3,"command":"profiles.get","request":null}',
    '{"id":4,"command":"state.get","request":{"__proto__":{"a":1}}}',
    '{"id":5,"subscribe":"everything"}',
    '{',
  ];
  const replies = await new Promise<string[]>((resolve) => {
    const s = connect(host.socketPath);
    let buf = '';
    s.on('data', (d) => {
      buf += d.toString();
      if (buf.split('\n').length > lines.length) {
        s.end();
        resolve(buf.trim().split('\n'));
      }
    });
    s.write(`${lines.join('\n')}\n`);
  });
  assert.equal(replies.length, lines.length);
  for (const r of replies) assert.equal((JSON.parse(r) as { result: { ok: boolean } }).result.ok, false, r);
  const closed = await new Promise<string>((resolve) => {
    const s = connect(host.socketPath);
    let buf = '';
    s.on('data', (d) => (buf += d.toString()));
    s.on('close', () => resolve(buf));
    s.on('error', () => {});
    s.write('x'.repeat(2 * 1024 * 1024));
  });
  assert.match(closed, /longer than 1 MiB/);
  const client = await connectControl(host.socketPath);
  assert.ok((await client.api['state.get']({})).ok, 'the host still answers');
  client.close();
});

test('logs -f follows new lines and ends with a line saying why when the instance stops', async () => {
  const { host, dir } = await newHost();
  const api = host.engine.api;
  const script = `i=0; while true; do i=$((i+1)); echo "tick $i"; sleep 0.2; done`;
  assert.ok(
    (
      await api['profiles.save']({
        profile: {
          name: 'ticker',
          command: script,
          cwd: process.cwd(),
          ready: { type: 'log', pattern: 'tick' },
          ports: [{ name: 'PORT' }],
        },
      })
    ).ok,
  );
  await api['instances.start']({ target: 'ticker', wait: false });
  await waitFor(async () => {
    const r = await api['instances.logs']({ id: 'ticker' });
    return r.ok && r.value.lines.length > 0;
  }, 10_000);
  const child = spawn(process.execPath, [berthBin, 'logs', 'ticker', '-f', '-n', '1'], {
    env: { ...process.env, BERTH_HOME: dir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  await waitFor(() => out.split('\n').filter((l) => l.startsWith('tick')).length >= 4, 15_000);
  const stop = await api['instances.stop']({ target: 'ticker' });
  assert.ok(stop.ok);
  const code = await new Promise<number | null>((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.on('close', (c) => {
      clearTimeout(timer);
      resolve(c);
    });
  });
  assert.equal(code, 0, err);
  assert.match(err, /-- ticker-\w+ stopped/);
  const ticks = out
    .split('\n')
    .filter((l) => l.startsWith('tick'))
    .map((l) => Number(l.slice(5)));
  for (let i = 1; i < ticks.length; i++)
    assert.equal(ticks[i], ticks[i - 1]! + 1, `no line lost or repeated: ${ticks.join(',')}`);
});

test('a watched port another process takes raises a notice; faces watching see new listeners next poll', async () => {
  const { host } = await newHost();
  const probe = await procs.startServer();
  const port = probe.port;
  process.kill(probe.pid, 'SIGKILL');
  await waitFor(async () => (await checkBindable(port)).ok, 10_000);
  assert.ok(host.engine.settings.save({ watchedPorts: [port], pollActiveSeconds: 0.5, pollIdleSeconds: 30 }).ok);
  const release = host.engine.watch();
  await host.engine.scanNow();
  const taker = await procs.startServer({ env: { PORT: String(port) } });
  // Idle polling is 30 s here: only the short interval of a watching face can see it this soon.
  await waitFor(() => host.engine.state.get().listeners.some((l) => l.port === port && l.pid === taker.pid), 8000);
  await waitFor(() => host.engine.notices.list().some((n) => n.kind === 'port-taken' && n.port === port), 5000);
  const n = host.engine.notices.list().find((x) => x.kind === 'port-taken')!;
  assert.equal(n.text, `Watched port ${port} was taken by node (PID ${taker.pid}).`);
  release();
});
