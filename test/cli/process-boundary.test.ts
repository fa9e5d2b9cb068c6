import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { createProcessTracker, fixture, waitFor } from '../helpers/processes.js';
import { findFreeBlock } from '../helpers/ports.js';
import { makeTempDir } from '../helpers/temp.js';
import {
  killRecordedInstances,
  spawnBerth,
  stopHostOf,
  type BerthRun,
  type SpawnedBerth,
} from '../helpers/berth-cli.js';

/**
 * Only what needs a real process boundary: Node's own reading of --env-file, a closed pipe on
 * stdout, and Ctrl-C. One data dir; its background host is stopped in `after` (by its lock's PID,
 * identity checked), and so is every instance it recorded.
 */
const procs = createProcessTracker();
const home = makeTempDir();
const project = makeTempDir();
after(async () => {
  await stopHostOf(home.dir);
  await killRecordedInstances(home.dir);
  await procs.cleanup();
  home.remove();
  project.remove();
});

/** `node bin/berth.js …` (or the launcher itself through its shebang) in the project folder. */
function inProject(args: readonly string[], opts: { shebang?: boolean } = {}): SpawnedBerth {
  const PATH = `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ''}`;
  return spawnBerth(args, { home: home.dir, cwd: project.dir, env: { PATH }, killAfterMs: 90_000, ...opts });
}
const berth = (...args: string[]): Promise<BerthRun> => inProject(args).done;
const node = JSON.stringify(process.execPath);

test('--env-file works on Node 20 if the file exists from here (Node passes it on); --envfile always', async () => {
  mkdirSync(join(project.dir, 'api'));
  writeFileSync(join(project.dir, '.env'), 'A=1\n');
  writeFileSync(join(project.dir, 'api', '.env'), 'B=2\n');
  const direct = await berth('profile', 'add', 'env-a', '--cmd', 'true', '--env-file', '.env', '--json');
  assert.equal(direct.code, 0, direct.stderr);
  assert.equal((JSON.parse(direct.stdout) as { envFile: string }).envFile, join(project.dir, '.env'));
  // Through the shebang, as an installed `berth` runs.
  const viaShebang = await inProject(
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
  const s = inProject(['ports', '--json']);
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
  const s = inProject(['logs', '-f', 'ticker']);
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
  const s = inProject(['start', 'slow']);
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
