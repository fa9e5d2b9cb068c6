/**
 * The machine load benchmarks measure at: listeners spread over fixture processes, and idle processes
 * holding open fds (what a /proc walk has to read). Every process is tracked by PID for cleanup.
 */
import { createProcessTracker } from '../test/helpers/processes.js';

export type ProcessTracker = ReturnType<typeof createProcessTracker>;

/** `total` listeners in `processes` fixture servers; returns their pids. */
export async function startListeners(procs: ProcessTracker, total: number, processes: number): Promise<number[]> {
  const per = Array.from(
    { length: processes },
    (_, i) => Math.floor(total / processes) + (i < total % processes ? 1 : 0),
  );
  const ready = await Promise.all(
    per.map((n) =>
      procs.startServer({ args: ['--listeners', String(n)], env: { NODE_OPTIONS: '--max-old-space-size=64' } }),
    ),
  );
  return ready.map((r) => r.pid);
}

/** Idle processes holding 40 fds each (3–42 on /dev/null, inherited by the exec'd sleep). */
export async function startIdle(procs: ProcessTracker, count: number): Promise<number[]> {
  const script = 'for i in $(seq 3 42); do eval "exec $i</dev/null"; done; exec sleep 3600';
  const pids: number[] = [];
  for (let i = 0; i < count; i++) {
    const c = procs.start('bash', ['-c', script], { stdio: 'ignore' });
    await procs.track(c.pid);
    pids.push(c.pid!);
  }
  return pids;
}
