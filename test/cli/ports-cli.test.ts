import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createProcessTracker, isAlive } from '../helpers/processes.js';
import { findFreeBlock } from '../helpers/ports.js';
import { makeTempDir } from '../helpers/temp.js';
import { runBerth } from '../helpers/berth-cli.js';

const procs = createProcessTracker();
const home = makeTempDir();
after(async () => {
  await procs.cleanup();
  home.remove();
});

/** Runs the real `berth` launcher with no terminal on stdin, BERTH_HOME in a temp dir. */
const berth = (...args: string[]) => runBerth(args, { home: home.dir });

const LISTENER_KEYS = ['address', 'command', 'family', 'holder', 'pid', 'port', 'process', 'startTime', 'user'];

test('ports --json: an array of listeners with the documented fields', async () => {
  const s = await procs.startServer({ env: { HOST: '::1' } });
  const r = await berth('ports', '--json');
  assert.equal(r.code, 0, r.stderr);
  const list = JSON.parse(r.stdout) as Record<string, unknown>[];
  const mine = list.find((l) => l.port === s.port);
  assert.ok(mine);
  assert.deepEqual(Object.keys(mine).sort(), LISTENER_KEYS);
  // The test's own server: the user's process (not Berth's, not a system service).
  assert.deepEqual([mine.address, mine.family, mine.pid, mine.process, mine.holder], ['::1', 6, s.pid, 'node', 'user']);
});

test('ports: human output groups listeners under their process', async () => {
  const s = await procs.startServer();
  const r = await berth('ports');
  assert.equal(r.code, 0);
  assert.match(
    r.stdout,
    new RegExp(`node · PID ${s.pid} · user \\S+ · .*server\\.js\\n  ${s.port}\\s+127\\.0\\.0\\.1`),
  );
});

test('who: exit 0 with the holder, exit 1 when nobody listens', async () => {
  const s = await procs.startServer();
  const yes = await berth('who', String(s.port), '--json');
  assert.equal(yes.code, 0);
  assert.equal((JSON.parse(yes.stdout) as { pid: number }[])[0]?.pid, s.pid);
  process.kill(s.pid, 'SIGKILL');
  await new Promise<void>((r) => s.child.once('exit', () => r()));
  const no = await berth('who', String(s.port));
  assert.equal(no.code, 1);
  assert.equal(no.stdout.trim(), `Nobody listens on port ${s.port}.`);
});

test('check: exit 1 busy (naming the holder), exit 0 free', async () => {
  const s = await procs.startServer();
  const busy = await berth('check', String(s.port));
  assert.equal(busy.code, 1);
  assert.match(busy.stdout, new RegExp(`node \\(PID ${s.pid}`));
  const json = JSON.parse((await berth('check', String(s.port), '--json')).stdout) as {
    free: boolean;
    holders: unknown[];
  };
  assert.equal(json.free, false);
  assert.equal(json.holders.length, 1);
  const [free] = await findFreeBlock(1, 61300);
  const ok = await berth('check', String(free));
  assert.equal(ok.code, 0);
  assert.equal(ok.stdout.trim(), `Port ${free} is free.`);
});

test('find: first K free ports in a range; exit 1 when none', async () => {
  const block = await findFreeBlock(4, 61310);
  await procs.startServer({ env: { PORT: String(block[0]) } });
  const r = await berth(
    'find',
    '--from',
    String(block[0]),
    '--to',
    String(block[3]),
    '--exclude',
    String(block[2]),
    '--count',
    '2',
    '--json',
  );
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), { ports: [block[1], block[3]] });
  const plain = await berth('find', '--from', String(block[0]), '--to', String(block[3]));
  assert.equal(plain.stdout.trim(), String(block[1]));
  const none = await berth('find', '--from', String(block[0]), '--to', String(block[0]));
  assert.equal(none.code, 1);
});

test('free: needs --yes without a terminal, then stops the holder and reports it as JSON', async () => {
  const s = await procs.startServer({ args: ['--spawn-child'] });
  const refused = await berth('free', String(s.port));
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, /pass --yes/);
  assert.equal(await isAlive(s.pid), true, 'nothing was stopped without confirmation');

  const r = await berth('free', String(s.port), '--yes', '--json');
  assert.equal(r.code, 0, r.stdout + r.stderr);
  const out = JSON.parse(r.stdout) as Record<string, unknown> & { stopped: { pid: number; signal: string }[] };
  for (const k of ['port', 'alreadyFree', 'freed', 'stopped', 'refused']) assert.ok(k in out, `has ${k}`);
  assert.deepEqual([out.port, out.alreadyFree, out.freed], [s.port, false, true]);
  assert.deepEqual(
    out.stopped.map((x) => [x.pid, x.signal]).sort(),
    [
      [s.pid, 'SIGTERM'],
      [s.childPid, 'SIGTERM'],
    ].sort(),
  );
  for (const x of out.stopped)
    assert.deepEqual(Object.keys(x).sort(), ['command', 'pid', 'process', 'signal', 'signals']);
});

test('free --dry-run signals nothing', async () => {
  const s = await procs.startServer();
  const r = await berth('free', String(s.port), '--dry-run');
  assert.equal(r.code, 0);
  assert.match(r.stdout, new RegExp(`Would send SIGTERM to node \\(PID ${s.pid}\\)`));
  assert.equal(await isAlive(s.pid), true);
});

test('the port is the exact number: asking about P never touches 1P or P1', async () => {
  // P in 6450–6499 so that P·10+1 (64501–64991) and 10000+P are valid ports, clear of the blocks
  // other test files use (61100–61700).
  let p = 0;
  for (let base = 6450; base < 6500 && p === 0; base += 7) {
    const [cand] = await findFreeBlock(1, base);
    const others = [Number(`${cand}1`), Number(`1${cand}`)];
    if (cand! < 6500 && (await Promise.all(others.map((o) => findFreeBlock(1, o)))).every((b, i) => b[0] === others[i]))
      p = cand!;
  }
  assert.ok(p > 0, 'found a usable P');
  const a = await procs.startServer({ env: { PORT: `${p}1` } });
  const b = await procs.startServer({ env: { PORT: `1${p}` } });
  const who = await berth('who', String(p), '--json');
  assert.equal(who.code, 1);
  assert.deepEqual(JSON.parse(who.stdout), []);
  const free = await berth('free', String(p), '--yes', '--json');
  assert.equal(free.code, 0);
  assert.equal((JSON.parse(free.stdout) as { alreadyFree: boolean }).alreadyFree, true);
  assert.equal(await isAlive(a.pid), true);
  assert.equal(await isAlive(b.pid), true);
});

for (const [args, pattern] of [
  [['free', '70000'], /^berth: port: must be from 1 to 65535, got 70000\n$/],
  [['find', '--from', '9', '--to', '3'], /^berth: --to: 3 is below from \(9\)\n$/],
  [['find', '--to', '2000'], /^berth: --to: 2000 is below from \(3000\)\n$/],
  [['find', '--to', '0'], /^berth: --to: must be from 1 to 65535, got 0\n$/],
  [['who', 'abc'], /^berth: port: must be a whole number from 1 to 65535, got "abc"\n$/],
  [['check'], /^berth check: missing the port, e.g\. berth check 3000\. Run 'berth check --help' for usage\.\n$/],
  [['free', '80', '--bogus'], /^berth free: unknown option '--bogus'\. Run 'berth free --help' for usage\.\n$/],
  [
    ['free', '80', '--forse'],
    /^berth free: unknown option '--forse'\. Did you mean '--force'\? Run 'berth free --help' for usage\.\n$/,
  ],
  [
    ['kill', '3000'],
    /^berth: unknown command 'kill'\. Did you mean 'berth free' or 'berth stop'\? Run 'berth --help' for the list\.\n$/,
  ],
  [['find', '--exclude', '3000,0'], /^berth: --exclude: must be from 1 to 65535, got 0\n$/],
  [['frobnicate'], /^berth: unknown command 'frobnicate'\. Run 'berth --help' for the list\.\n$/],
  [['find', '--count', '0'], /^berth: --count: must be at least 1\n$/],
] as const) {
  test(`bad input (${args.join(' ')}): exit 2 and one clear line, no stack trace`, async () => {
    const r = await berth(...args);
    assert.equal(r.code, 2);
    assert.match(r.stderr, pattern);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  });
}

test('bad input with --json is a JSON error object', async () => {
  const r = await berth('who', '0', '--json');
  assert.equal(r.code, 2);
  assert.deepEqual(JSON.parse(r.stdout), {
    error: { code: 'bad-input', message: 'port: must be from 1 to 65535, got 0' },
  });
  // Errors found while reading the command line too: JSON on stdout, nothing on stderr.
  for (const args of [
    ['free', '3000', '--bogus', '--json'],
    ['ports', '70000', '--json'],
  ]) {
    const bad = await berth(...args);
    assert.equal(bad.code, 2, args.join(' '));
    assert.equal(bad.stderr, '');
    const { error } = JSON.parse(bad.stdout) as { error: { code: string; message: string; hint: string } };
    assert.equal(error.code, 'bad-input');
    assert.match(error.hint, new RegExp(`^Run 'berth ${args[0]} --help' for usage\\.$`));
  }
});

test('--help lists every port command', async () => {
  const r = await berth('--help');
  assert.equal(r.code, 0);
  for (const c of ['ports', 'who', 'check', 'find', 'free']) assert.match(r.stdout, new RegExp(`berth ${c}`));
});
