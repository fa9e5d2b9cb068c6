/**
 * What benchmarks read about other processes from /proc (proc(5)): CPU time, RSS, and the churn of
 * the machine (forks, listeners appearing) that the figures are printed beside.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { median } from './stats.js';

/** utime + stime of a process (all its threads), fields 14–15 of /proc/<pid>/stat, in ms (USER_HZ = 100). */
export function statCpuMs(pid: number | 'self'): number {
  const text = readFileSync(`/proc/${pid}/stat`, 'latin1');
  const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) * 10;
}

/** CPU of waited-for children (cutime + cstime, fields 16–17) of this process, in ms. */
export function childrenCpuMs(): number {
  const text = readFileSync('/proc/self/stat', 'latin1');
  const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return (Number(f[13]) + Number(f[14])) * 10;
}

/**
 * Time on CPU of every thread, in ns (first field of /proc/<pid>/task/<tid>/schedstat): the 10 ms
 * ticks of /proc/<pid>/stat cannot resolve a single poll. `main` is the thread whose tid is the pid.
 */
export function threadCpuNs(pid: number): { total: number; main: number } {
  let total = 0;
  let main = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    let ns: number;
    try {
      ns = Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'latin1').split(' ')[0]);
    } catch {
      continue; // a thread that ended meanwhile
    }
    total += ns;
    if (Number(tid) === pid) main = ns;
  }
  return { total, main };
}

export function rssMiB(pid: number): number {
  const m = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'latin1'));
  return m ? Number(m[1]) / 1024 : NaN;
}

/** Forks since boot (/proc/stat "processes"): the machine's process churn. */
export function forks(): number {
  return Number(/^processes (\d+)$/m.exec(readFileSync('/proc/stat', 'latin1'))?.[1] ?? 0);
}

/** One `ss -Hltnp`: its output lines (a set, to count listeners that appear between runs). */
export function ssListeners(): Set<string> {
  const r = spawnSync('ss', ['-Hltnp'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`ss failed: ${r.stderr}`);
  const out = new Set<string>();
  for (const line of r.stdout.split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f.length >= 4) out.add(f[3]!); // local address:port
  }
  return out;
}

export const minMedMax = (xs: readonly number[], digits = 2): string =>
  `${Math.min(...xs).toFixed(digits)} / ${median(xs).toFixed(digits)} / ${Math.max(...xs).toFixed(digits)}`;
