/**
 * One measuring window of the host CPU benchmark: two real hosts side by side (one with a `state`
 * subscriber, so at the short poll interval; one without, at the long one) and `ss -Hltnp` once a
 * second, all over the same wall-clock window, with the churn other work caused meanwhile.
 */
import { childrenCpuMs, forks, ssListeners, statCpuMs, threadCpuNs } from './proc-stats.js';
import { sleep } from '../test/helpers/processes.js';

export type HostSample = Readonly<{
  /** % of one core from /proc/<pid>/stat (10 ms ticks). */
  pct: number;
  /** The same from per-thread schedstat (ns), total and main thread only. */
  precisePct: number;
  mainPct: number;
  /** CPU ms over the window (schedstat). */
  cpuMs: number;
}>;

export type WindowSample = Readonly<{
  seconds: number;
  short: HostSample;
  long: HostSample;
  /** `ss -Hltnp` run once a second: % of one core, and CPU ms per run (children time, 10 ms ticks). */
  ssPct: number;
  ssMsPerRun: number;
  /** Forks per second by other work (this window's own ss runs excluded). */
  forksPerS: number;
  /** Listening sockets that appeared per second, as ss saw them. */
  newListenersPerS: number;
}>;

type Reading = { stat: number; ns: { total: number; main: number } };
const read = (pid: number): Reading => ({ stat: statCpuMs(pid), ns: threadCpuNs(pid) });

function sample(pid: number, before: Reading, ms: number): HostSample {
  const after = read(pid);
  const cpuMs = (after.ns.total - before.ns.total) / 1e6;
  return {
    pct: ((after.stat - before.stat) / ms) * 100,
    precisePct: (cpuMs / ms) * 100,
    mainPct: ((after.ns.main - before.ns.main) / 1e6 / ms) * 100,
    cpuMs,
  };
}

export async function measureWindow(shortPid: number, longPid: number, seconds: number): Promise<WindowSample> {
  const s0 = read(shortPid);
  const l0 = read(longPid);
  const f0 = forks();
  const c0 = childrenCpuMs();
  const t0 = performance.now();
  let previous: Set<string> | null = null;
  let appeared = 0;
  for (let i = 0; i < seconds; i++) {
    const now = ssListeners();
    if (previous !== null) for (const l of now) if (!previous.has(l)) appeared++;
    previous = now;
    await sleep(Math.max(0, t0 + (i + 1) * 1000 - performance.now()));
  }
  const ms = performance.now() - t0;
  const ssCpu = childrenCpuMs() - c0;
  return {
    seconds: ms / 1000,
    short: sample(shortPid, s0, ms),
    long: sample(longPid, l0, ms),
    ssPct: (ssCpu / ms) * 100,
    ssMsPerRun: ssCpu / seconds,
    forksPerS: (forks() - f0 - seconds) / (ms / 1000),
    newListenersPerS: appeared / (ms / 1000),
  };
}
