/**
 * Scanner idle cost (issue 9, items 1–4), run by ports-bench.ts at its largest scale (2000 listeners
 * in 50 processes + 1000 idle processes holding 40 fds each):
 *  (1) CPU to attribute ONE new listener (target ≤ 10 ms): in a new process, in an old process that
 *      opened a new fd, in a previous owner that re-listened; next to an unchanged poll, the full
 *      /proc walk every new listener used to cost, and one `ss -Hltnp`;
 *  (2) CPU % of one core of the worker polling at 1 Hz, over windows of ≥ 30 s, alternating with
 *      `ss -Hltnp` once a second, ≥ 3 rounds, min / median / max.
 * Churn from other work on the machine (forks/s, listeners appearing or going) is printed beside.
 */
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createLinuxScanSource } from '../electron/core/ports/linux-source.js';
import { findHolderPids } from '../electron/core/ports/linux-owners.js';
import { createScanner } from '../electron/core/ports/scanner.js';
import type { ScanResult } from '../electron/core/ports/types.js';
import { sleep } from '../test/helpers/processes.js';
import { startLateListener, type ProcessTracker } from '../test/core/ports/late-listener.js';
import { fmt, median, table } from './stats.js';

const cpuMs = (c: NodeJS.CpuUsage): number => (c.user + c.system) / 1000;

function measure<T>(fn: () => T): { value: T; ms: number } {
  const c0 = process.cpuUsage();
  const value = fn();
  return { value, ms: cpuMs(process.cpuUsage(c0)) };
}

/** Forks since boot (/proc/stat "processes"): the machine's process churn. */
function forks(): number {
  return Number(/^processes (\d+)$/m.exec(readFileSync('/proc/stat', 'latin1'))?.[1] ?? 0);
}

/** CPU of waited-for children (cutime + cstime, proc(5) fields 16–17), in ms. */
function childrenCpuMs(): number {
  const text = readFileSync('/proc/self/stat', 'latin1');
  const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return (Number(f[13]) + Number(f[14])) * 10; // USER_HZ = 100 (time(7))
}

function ss(): void {
  const r = spawnSync('ss', ['-Hltnp'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`ss failed: ${r.stderr}`);
}

const stats = (xs: readonly number[], digits = 2): string =>
  `${Math.min(...xs).toFixed(digits)} / ${median(xs).toFixed(digits)} / ${Math.max(...xs).toFixed(digits)}`;

async function attributionCost(procs: ProcessTracker, runs: number): Promise<void> {
  const source = createLinuxScanSource();
  const found = (r: ScanResult, port: number): number | null => r.listeners.find((l) => l.port === port)?.pid ?? null;
  source.scan();
  source.scan();
  const rows: Record<string, { ms: number[]; tiers: string[]; walked: number[] }> = {};
  const add = (name: string, ms: number): void => {
    const s = source.index.lastSearch();
    const row = (rows[name] ??= { ms: [], tiers: [], walked: [] });
    row.ms.push(ms);
    row.tiers.push(s?.foundIn ?? s?.mode ?? 'none');
    row.walked.push(s?.walked ?? 0);
  };
  for (let i = 0; i < runs; i++) {
    add('unchanged poll', measure(() => source.scan()).ms);

    source.scan();
    const server = await procs.startServer();
    const a = measure(() => source.scan());
    if (found(a.value, server.port) !== server.pid) throw new Error('new process: wrong owner');
    add('new listener, new process', a.ms);
    process.kill(server.pid, 'SIGKILL');

    const late = await startLateListener(procs);
    await sleep(50);
    source.scan(); // lists the fixture when a pid was allocated since the last poll (see tiers)
    const first = await late.send('listen');
    const b = measure(() => source.scan());
    if (found(b.value, first.port) !== late.pid) throw new Error('old process: wrong owner');
    add('new listener, old process (new fd)', b.ms);
    const second = await late.send('relisten');
    const c = measure(() => source.scan());
    if (found(c.value, second.port) !== late.pid) throw new Error('previous owner: wrong owner');
    add(`previous owner re-listens (same fd count: ${second.same})`, c.ms);
    late.child.stdin!.destroy();
    process.kill(late.pid, 'SIGKILL');
    await sleep(100);
    source.scan();
  }
  const inode = source.scan().listeners[0]?.inode ?? 0;
  const full: number[] = [];
  const ssCost: number[] = [];
  for (let i = 0; i < 3; i++) {
    full.push(measure(() => findHolderPids([inode])).ms);
    const c0 = childrenCpuMs();
    ss();
    ssCost.push(childrenCpuMs() - c0);
  }
  source.close();
  const out: string[][] = [['case', 'CPU ms min / median / max', 'found in tier', 'processes walked (median)']];
  for (const [name, r] of Object.entries(rows))
    out.push([name, stats(r.ms), [...new Set(r.tiers)].join(', '), String(median(r.walked))]);
  out.push(['reference: full /proc walk (every new listener before)', stats(full), 'all', '']);
  out.push(['reference: one ss -Hltnp (children CPU, 10 ms ticks)', stats(ssCost, 0), '', '']);
  console.log(table(out));
  console.log(`target: a new listener attributed in ≤ 10 ms of CPU (${runs} runs each)`);
}

async function pollCpu(rounds: number, seconds: number): Promise<void> {
  const rows: string[][] = [
    [
      'round',
      'worker 1 Hz: % of a core',
      'ss -Hltnp 1 Hz: % of a core',
      'ss / worker',
      'forks/s (scanner | ss window)',
      'listener changes seen',
    ],
  ];
  const mine: number[] = [];
  const theirs: number[] = [];
  for (let round = 1; round <= rounds; round++) {
    const scanner = createScanner({ mode: 'worker' });
    await scanner.scanNow(); // the first, full walk is start-up, not idle cost
    let changes = 0;
    const off = scanner.onChange((_r, d) => (changes += d.added + d.removed + d.changed));
    await sleep(2000);
    changes = 0;
    const f0 = forks();
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await sleep(seconds * 1000);
    const pct = (cpuMs(process.cpuUsage(c0)) / (performance.now() - t0)) * 100;
    const churnA = (forks() - f0) / seconds;
    off();
    await scanner.close();

    const f1 = forks();
    const s0 = childrenCpuMs();
    const t1 = performance.now();
    for (let i = 0; i < seconds; i++) {
      ss();
      await sleep(Math.max(0, t1 + (i + 1) * 1000 - performance.now()));
    }
    const ssPct = ((childrenCpuMs() - s0) / (performance.now() - t1)) * 100;
    // The window's own ss runs are forks too: count only the others.
    const churnB = (forks() - f1 - seconds) / seconds;
    mine.push(pct);
    theirs.push(ssPct);
    rows.push([
      String(round),
      pct.toFixed(3),
      ssPct.toFixed(2),
      `${(ssPct / pct).toFixed(0)}×`,
      `${churnA.toFixed(1)} | ${churnB.toFixed(1)}`,
      String(changes),
    ]);
  }
  rows.push(['min / median / max', stats(mine, 3), stats(theirs, 2), '', '', '']);
  console.log(table(rows));
  console.log(
    `${seconds} s windows, alternating; worker CPU is this whole process (main thread idle). ` +
      'Target: ≤ 1 % of a core.',
  );
}

export async function runScannerBench(procs: ProcessTracker): Promise<void> {
  const runs = Number(process.env.BENCH_ATTRIBUTE_RUNS ?? 5);
  const rounds = Math.max(3, Number(process.env.BENCH_SCANNER_ROUNDS ?? 3));
  // BENCH_QUICK: a smoke run with 5 s windows; otherwise the issue's ≥ 30 s.
  const seconds = process.env.BENCH_QUICK === '1' ? 5 : Math.max(30, Number(process.env.BENCH_SCANNER_SECONDS ?? 30));
  console.log('\n## (b1) CPU to attribute one new listener (2000 listeners / 50 processes / +1000 idle × 40 fds)');
  await attributionCost(procs, runs);
  console.log('\n## (b2) idle cost of the worker polling at 1 Hz vs ss -Hltnp once a second');
  await pollCpu(rounds, seconds);
}
