/**
 * CLI start-up (issue 9 §7), every figure next to its reference measured in the same run:
 *  - `berth --version` and `berth --help` vs `node -e 0` (target: --version within 1.3×);
 *  - `berth ports --json` without a host (a cold scan in the CLI) and with a running host (its warm
 *    snapshot over the control socket) vs `ss -ltnp` and `lsof -nP -iTCP -sTCP:LISTEN` where installed
 *    (target: with a host, at most the time of `ss -ltnp`).
 * Twice: on the machine as it is, then at the host benchmark's scale (c) (2000 listeners in 50
 * processes + 1000 idle processes holding 40 fds each), where `ss -p` and lsof walk every fd.
 * The commands run interleaved, round after round, so a busy moment hits all of them alike.
 * Standalone: `node dist/bench/cli-bench.js` (BENCH_RUNS=N, default 10; BENCH_CLI_SCALE=0 skips (c)).
 */
import { spawn, spawnSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import { berthBin, createProcessTracker } from '../test/helpers/processes.js';
import { startIdle, startListeners } from './load.js';
import { makeTempDir } from '../test/helpers/temp.js';
import { fmt, median, table } from './stats.js';

type Case = Readonly<{ label: string; cmd: string; args: readonly string[]; env?: NodeJS.ProcessEnv }>;

function installed(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

function timeOnce(c: Case): number {
  const t = performance.now();
  const r = spawnSync(c.cmd, [...c.args], { env: { ...process.env, ...c.env }, stdio: ['ignore', 'ignore', 'ignore'] });
  const ms = performance.now() - t;
  if (r.error) throw r.error;
  return ms;
}

/** A `berth serve` host in its own data dir; resolves once it says it runs. */
async function startServe(home: string): Promise<{ pid: number; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, [berthBin, 'serve'], {
    env: { ...process.env, BERTH_HOME: home },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const rl = createInterface({ input: child.stdout! });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('berth serve did not start within 30 s')), 30_000);
    rl.on('line', (l) => {
      if (!l.startsWith('Berth host running')) return;
      clearTimeout(timer);
      resolve();
    });
    child.once('exit', (code) => reject(new Error(`berth serve exited (${code})`)));
  });
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null) return;
    const gone = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill('SIGTERM'); // our own child, by its handle
    await Promise.race([gone, new Promise((r) => setTimeout(r, 10_000))]);
    if (child.exitCode === null) child.kill('SIGKILL');
  };
  return { pid: child.pid!, stop };
}

export async function runCliBench(): Promise<void> {
  const runs = Number(process.env.BENCH_RUNS ?? 10);
  await measure('on this machine as it is', runs);
  if (process.env.BENCH_CLI_SCALE === '0') return;
  const procs = createProcessTracker();
  try {
    await startListeners(procs, 2000, 50);
    await startIdle(procs, 1000);
    await measure('at scale (c): 2000 listeners / 50 processes + 1000 idle × 40 fds', Math.min(runs, 5));
  } finally {
    await procs.cleanup();
  }
}

async function measure(where: string, runs: number): Promise<void> {
  const cold = makeTempDir();
  const warm = makeTempDir();
  const host = await startServe(warm.dir);
  try {
    const berth = (label: string, home: string, ...args: string[]): Case => ({
      label,
      cmd: process.execPath,
      args: [berthBin, ...args],
      env: { BERTH_HOME: home },
    });
    const cases: Case[] = [
      { label: 'node -e 0', cmd: process.execPath, args: ['-e', '0'] },
      berth('berth --version', cold.dir, '--version'),
      berth('berth --help', cold.dir, '--help'),
      berth('berth ports --json (no host)', cold.dir, 'ports', '--json'),
      berth('berth ports --json (host running)', warm.dir, 'ports', '--json'),
      ...(installed('ss') ? [{ label: 'ss -ltnp', cmd: 'ss', args: ['-ltnp'] }] : []),
      ...(installed('lsof')
        ? [{ label: 'lsof -nP -iTCP -sTCP:LISTEN', cmd: 'lsof', args: ['-nP', '-iTCP', '-sTCP:LISTEN'] }]
        : []),
    ];
    for (const c of cases) timeOnce(c); // warm the page cache once
    const times = new Map(cases.map((c) => [c.label, [] as number[]]));
    for (let i = 0; i < runs; i++) for (const c of cases) times.get(c.label)!.push(timeOnce(c));
    const med = (label: string): number => median(times.get(label) ?? [NaN]);
    const node = med('node -e 0');
    const ss = times.has('ss -ltnp') ? med('ss -ltnp') : NaN;
    const rows: (string | number)[][] = [['command', 'min ms', 'median ms', 'max ms', '× node -e 0', '× ss -ltnp']];
    for (const c of cases) {
      const xs = times.get(c.label)!;
      const m = median(xs);
      rows.push([
        c.label,
        fmt(Math.min(...xs)),
        fmt(m),
        fmt(Math.max(...xs)),
        (m / node).toFixed(2),
        Number.isNaN(ss) ? '-' : (m / ss).toFixed(2),
      ]);
    }
    console.log(`\nCLI start-up ${where} — ${runs} interleaved runs each (wall time of the whole process)\n`);
    console.log(table(rows));
    const ratio = med('berth --version') / node;
    console.log(
      `\nberth --version: ${ratio.toFixed(2)}× node -e 0 (target ≤ 1.30: ${ratio <= 1.3 ? 'met' : 'NOT met'})`,
    );
    if (!Number.isNaN(ss)) {
      const p = med('berth ports --json (host running)') / ss;
      console.log(
        `berth ports --json with a host: ${p.toFixed(2)}× ss -ltnp (target ≤ 1.00: ${p <= 1 ? 'met' : 'NOT met'})`,
      );
    }
  } finally {
    await host.stop();
    cold.remove();
    warm.remove();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await runCliBench();
