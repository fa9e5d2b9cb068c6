/**
 * Port engine benchmarks, each against a reference measured in the same run:
 *  (a) steady-state scanner poll vs `ss -Hltnp` at 10 / 200 / 2000 listeners across 50 processes,
 *      with and without 1000 extra idle processes (netlink and /proc fallback);
 *  (b) at the largest scale, the scanner's idle cost (scanner-bench.ts): CPU to attribute one new
 *      listener, and CPU % of one core of the worker polling at 1 Hz vs `ss -Hltnp` at 1 Hz;
 *  (c) time to free a port held by a shell → node → node tree, vs tree-kill.
 * Every process started here is tracked by PID and killed at the end.
 * BENCH_SCANNER_ONLY=1 (with BENCH_ONLY=ports) runs only the largest scale and (b).
 */
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, readSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import treeKill from 'tree-kill';
import { createScanner } from '../electron/core/ports/scanner.js';
import { freePort } from '../electron/core/free/free-port.js';
import { checkBindable } from '../electron/core/ports/free-check.js';
import { createProcessTracker, isAlive, sleep } from '../test/helpers/processes.js';
import { listDescendants, listProcesses } from '../electron/core/processes/process-table.js';
import { fmt, median, table, timeRuns } from './stats.js';
import { runScannerBench } from './scanner-bench.js';
import { startIdle as startIdleFor, startListeners as startListenersFor } from './load.js';

const POLLS = Number(process.env.BENCH_POLLS ?? 40);
const procs = createProcessTracker();

const startListeners = (total: number, processes: number): Promise<number[]> =>
  startListenersFor(procs, total, processes);
const startIdle = (count: number): Promise<number[]> => startIdleFor(procs, count);

function ssOnce(): number {
  const r = spawnSync('ss', ['-Hltnp'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`ss failed: ${r.stderr}`);
  return r.stdout.split('\n').filter((l) => l.trim() !== '').length;
}

/**
 * The kernel's own cost of producing /proc/net/tcp and tcp6 (read to EOF, nothing parsed): the floor of any
 * procfs reader.
 */
function rawProcNetRead(): void {
  const buf = Buffer.alloc(1 << 16);
  for (const f of ['/proc/net/tcp', '/proc/net/tcp6']) {
    const fd = openSync(f, 'r');
    while (readSync(fd, buf, 0, buf.length, null) > 0);
    closeSync(fd);
  }
}

async function pollScenario(label: string, rows: (string | number)[][], ratios: Record<string, number>): Promise<void> {
  const ssLines = ssOnce();
  const ss = median(await timeRuns(Math.max(10, POLLS / 4), ssOnce));
  for (const kernel of ['netlink', 'procfs'] as const) {
    const scanner = createScanner({ mode: 'worker', kernel });
    const first = await scanner.scan();
    for (let i = 0; i < 3; i++) await scanner.scan();
    const poll = median(await timeRuns(POLLS, () => scanner.scan()));
    await scanner.close();
    const inline = createScanner({ mode: 'inline', kernel });
    await inline.scan();
    const inl = median(await timeRuns(POLLS, () => inline.scan()));
    await inline.close();
    const floor = kernel === 'procfs' ? fmt(median(await timeRuns(POLLS, rawProcNetRead))) : '';
    rows.push([
      label,
      kernel,
      first.listeners.length,
      ssLines,
      fmt(ss),
      fmt(poll),
      fmt(inl),
      `${(ss / poll).toFixed(1)}×`,
      floor,
    ]);
    ratios[`${label} ${kernel}`] = ss / poll;
  }
}

async function startTree(
  dir: string,
  i: number,
): Promise<{ port: number; shell: number; pids: number[]; marker: string }> {
  const marker = join(dir, `m${i}`);
  const s = await procs.startServer({ shell: true, args: ['--spawn-child'], env: { MARKER: marker } });
  return { port: s.port, shell: s.child.pid!, pids: [s.pid, s.childPid!], marker };
}

async function freeBench(runs: number): Promise<string[][]> {
  const dir = mkdtempSync(join(tmpdir(), 'berth-bench-'));
  const scanner = createScanner({ mode: 'inline' });
  const out: { berth: number[]; berthAfterExit: number[]; tk: number[]; tkAfterExit: number[]; left: number } = {
    berth: [],
    berthAfterExit: [],
    tk: [],
    tkAfterExit: [],
    left: 0,
  };
  try {
    for (let i = 0; i < runs; i++) {
      const a = await startTree(dir, i * 2);
      const t0 = Date.now();
      const r = await freePort(a.port, { respawnWindowMs: 0, pollMs: 2 }, { scan: () => scanner.scan() });
      if (!r.freed || r.freedAt === null) throw new Error(`berth did not free ${a.port}: ${r.message}`);
      out.berth.push(r.freedAt - t0);
      out.berthAfterExit.push(r.freedAt - Number(readFileSync(a.marker, 'utf8')));
      for (const p of a.pids) if (await isAlive(p)) out.left++;

      const b = await startTree(dir, i * 2 + 1);
      const t1 = Date.now();
      await new Promise<void>((res) => treeKill(b.shell, 'SIGTERM', () => res()));
      while (!(await checkBindable(b.port)).ok) await sleep(2);
      const freedAt = Date.now();
      out.tk.push(freedAt - t1);
      if (existsSync(b.marker)) out.tkAfterExit.push(freedAt - Number(readFileSync(b.marker, 'utf8')));
      await sleep(200);
      for (const p of b.pids) if (await isAlive(p)) out.left++;
    }
  } finally {
    await scanner.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return [
    ['method', 'median total ms', 'median ms after holder exit', 'max ms after holder exit'],
    ['berth freePort', fmt(median(out.berth)), fmt(median(out.berthAfterExit)), fmt(Math.max(...out.berthAfterExit))],
    [
      'tree-kill + bind poll',
      fmt(median(out.tk)),
      out.tkAfterExit.length ? fmt(median(out.tkAfterExit)) : 'n/a',
      out.tkAfterExit.length ? fmt(Math.max(...out.tkAfterExit)) : 'n/a',
    ],
    ['processes left behind', String(out.left), '', ''],
  ];
}

export async function runPortsBench(): Promise<void> {
  if (process.platform !== 'linux') {
    console.log('ports bench: Linux only (it compares against ss and /proc).');
    return;
  }
  try {
    console.log('## (a) steady-state poll vs ss -Hltnp (ms, medians)');
    const rows: (string | number)[][] = [
      [
        'scenario',
        'kernel',
        'listeners',
        'ss lines',
        'ss -Hltnp',
        'poll (worker)',
        'poll (inline)',
        'ss / poll',
        'raw /proc/net read',
      ],
    ];
    const ratios: Record<string, number> = {};
    const scannerOnly = process.env.BENCH_SCANNER_ONLY === '1';
    for (const total of scannerOnly ? [2000] : [10, 200, 2000]) {
      const pids = await startListeners(total, 50);
      if (!scannerOnly) await pollScenario(`${total}/50`, rows, ratios);
      if (total === 2000) {
        await startIdle(1000);
        if (!scannerOnly) {
          await pollScenario(`${total}/50 +1000 idle`, rows, ratios);
          console.log(table(rows));
          console.log(
            '\ntargets at 2000/50 +1000 idle: ' +
              `netlink ≥ 25× → ${ratios['2000/50 +1000 idle netlink']!.toFixed(1)}×; ` +
              `procfs ≥ 15× → ${ratios['2000/50 +1000 idle procfs']!.toFixed(1)}×`,
          );
          console.log(
            '(raw /proc/net read: the kernel alone producing both files, read to EOF and not parsed ' +
              '— no procfs reader can beat it)',
          );
        }
        await runScannerBench(procs);
      }
      for (const pid of pids) process.kill(pid, 'SIGKILL');
      await sleep(200);
    }
    await procs.cleanup();
    if (scannerOnly) return;
    console.log('\n## (c) freeing a port held by sh → node → node (SIGTERM honoured), 7 runs each');
    console.log(table(await freeBench(7)));
    const table1 = await listProcesses();
    console.log(`\nbench descendants still running: ${listDescendants(table1, process.pid).length}`);
  } finally {
    await procs.cleanup();
  }
}
