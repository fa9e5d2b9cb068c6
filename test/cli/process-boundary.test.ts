import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { berthBin, createProcessTracker, fixture, waitFor } from '../helpers/processes.js';
import { findFreeBlock } from '../helpers/ports.js';
import { makeTempDir } from '../helpers/temp.js';
import { readHolder } from '../../electron/host/lock.js';
import { checkIdentity } from '../../electron/core/processes/identity.js';

/**
 * Only what needs a real process boundary: Node's own reading of --env-file, a closed pipe on
 * stdout, and Ctrl-C. One data dir; its background host is stopped in `after` (by its lock's PID,
 * identity checked), and so is every instance it recorded.
 */
const procs = createProcessTracker();
const home = makeTempDir();
const project = makeTempDir();
after(async () => {
  const holder = readHolder(join(home.dir, 'host.lock'));
  if (holder && (await checkIdentity(holder)) === 'same') {
    process.kill(holder.pid, 'SIGTERM');
    await waitFor(async () => (await checkIdentity(holder)) !== 'same', 15_000).catch(() =>
      process.kill(holder.pid, 'SIGKILL'),
    );
  }
  const rec = join(home.dir, 'instances.json');
  if (existsSync(rec)) {
    for (const i of (
      JSON.parse(readFileSync(rec, 'utf8')) as {
        instances: { pid: number | null; startKey: string | null; pgid: number | null }[];
      }
    ).instances) {
      if (i.pid !== null && i.startKey && (await checkIdentity({ pid: i.pid, startKey: i.startKey })) === 'same')
        process.kill(-i.pgid!, 'SIGKILL');
    }
  }
  await procs.cleanup();
  home.remove();
  project.remove();
});

type Run = { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string };
type Spawned = { child: ChildProcess; done: Promise<Run> };

/** `node bin/berth.js …` (or the launcher itself through its shebang) in the project folder. */
function spawnBerth(args: readonly string[], opts: { shebang?: boolean } = {}): Spawned {
  const env = {
    ...process.env,
    BERTH_HOME: home.dir,
    PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ''}`,
  };
  const child = opts.shebang
    ? spawn(berthBin, [...args], { cwd: project.dir, env, stdio: ['ignore', 'pipe', 'pipe'] })
    : spawn(process.execPath, [berthBin, ...args], { cwd: project.dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
  const done = new Promise<Run>((resolve) =>
    child.on('close', (code, signal) => (clearTimeout(timer), resolve({ code, signal, stdout, stderr }))),
  );
  return { child, done };
}
const berth = (...args: string[]): Promise<Run> => spawnBerth(args).done;
const node = JSON.stringify(process.execPath);

test('--env-file works on Node 20 if the file exists from here (Node passes it on); --envfile always', async () => {
  mkdirSync(join(project.dir, 'api'));
  writeFileSync(join(project.dir, '.env'), 'A=1\n');
  writeFileSync(join(project.dir, 'api', '.env'), 'B=2\n');
  const direct = await berth('profile', 'add', 'env-a', '--cmd', 'true', '--env-file', '.env', '--json');
  assert.equal(direct.code, 0, direct.stderr);
  assert.equal((JSON.parse(direct.stdout) as { envFile: string }).envFile, join(project.dir, '.env'));
  // Through the shebang, as an installed `berth` runs.
  const viaShebang = await spawnBerth(
    ['profile', 'add', 'env-b', '--cmd', 'true', '--cwd', 'api', '--env-file=api/.env', '--json'],
    { shebang: true },
  ).done;
  assert.equal(viaShebang.code, 0, viaShebang.stderr);
  assert.equal((JSON.parse(viaShebang.stdout) as { envFile: string }).envFile, join(project.dir, 'api', '.env'));
  const alias = await berth('profile', 'add', 'env-c', '--cmd', 'true', '--envfile', 'missing.env');
  assert.equal(alias.code, 2);
  assert.equal(alias.stderr, `berth: --env-file: ${join(project.dir, 'missing.env')} does not exist\n`);
});

test('--env-file of a missing file: Node 20 stops before Berth (nodejs/node#54232), or Berth refuses it', async () => {
  const r = await berth('profile', 'add', 'env-d', '--cmd', 'true', '--env-file', 'missing.env');
  if (r.code === 9) assert.match(r.stderr, /missing\.env: not found/);
  else assert.equal(r.code, 2, r.stderr);
});

test('ports --json into a reader that goes away (| head -1): exit 0, nothing on stderr', async () => {
  await procs.startServer({ args: ['--listeners', '600'] }); // well over a 64 KiB pipe buffer of JSON
  const s = spawnBerth(['ports', '--json']);
  s.child.stdout!.once('data', () => s.child.stdout!.destroy());
  const r = await s.done;
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, '');
});

test('logs -f into a reader that goes away (| head): exit 0 quietly', async () => {
  const [p] = await findFreeBlock(1, 63440);
  const ticker =
    `${node} -e "setInterval(()=>console.log('tick '+Date.now()),20);` +
    `require('net').createServer().listen(process.env.PORT)"`;
  assert.equal((await berth('profile', 'add', 'ticker', '--cmd', ticker, '--port', String(p))).code, 0);
  const start = await berth('start', 'ticker');
  assert.equal(start.code, 0, start.stderr);
  const s = spawnBerth(['logs', '-f', 'ticker']);
  let seen = '';
  s.child.stdout!.on('data', (d: Buffer) => {
    seen += d.toString();
    if (seen.includes('\n')) s.child.stdout!.destroy();
  });
  const r = await s.done;
  assert.equal(r.code, 0, r.stderr);
  assert.doesNotMatch(r.stderr, /EPIPE|\n\s+at /);
  assert.equal((await berth('stop', 'ticker')).code, 0);
});

test('Ctrl-C while start waits: the server keeps starting, the user is told how to stop it, exit 130', async () => {
  const [p] = await findFreeBlock(1, 63450);
  const cmd = `${node} ${JSON.stringify(fixture('server'))}`;
  assert.equal(
    (
      await berth(
        'profile',
        'add',
        'slow',
        '--cmd',
        cmd,
        '--port',
        String(p),
        '--ready',
        'log:never-printed',
        '--ready-timeout',
        '120',
      )
    ).code,
    0,
  );
  const s = spawnBerth(['start', 'slow']);
  const starting = async (): Promise<boolean> =>
    (JSON.parse((await berth('status', '--json')).stdout) as { profile: string; status: string }[]).some(
      (i) => i.profile === 'slow' && i.status === 'starting',
    );
  await waitFor(starting, 30_000, 200);
  s.child.kill('SIGINT');
  const r = await s.done;
  assert.equal(r.code, 130, r.stderr);
  assert.match(
    r.stderr,
    new RegExp(
      /Stopped waiting\. slow keeps starting in the background: /.source +
        /see it with 'berth status', stop it with 'berth stop slow'\./.source,
    ),
  );
  assert.equal(await starting(), true, 'the host goes on starting it');
  const stop = await berth('stop', 'slow', '--json');
  assert.equal(stop.code, 0, stop.stderr);
});
