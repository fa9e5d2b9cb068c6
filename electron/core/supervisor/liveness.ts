import { checkIdentity } from '../processes/identity.js';
import { listProcesses } from '../processes/process-table.js';
import { relayLogs, type SupervisorContext } from './context.js';
import { decideExit } from './exit-decision.js';
import { followRecorded } from './follow.js';
import { applyExit } from './on-exit.js';
import type { Live } from './live.js';
import { noteMembers } from './own-ports.js';
import { stopTree } from './stop-tree.js';

/** How often (in ticks) the members of each running instance are recorded again from the process table. */
const MEMBER_REFRESH_TICKS = 8;

/**
 * One supervisor tick: new log lines to followers, members recorded again now and then, and the
 * liveness of instances that are not our children (adopted, followed), whose exit no event reports.
 */
export function createTicker(ctx: SupervisorContext): () => Promise<void> {
  let ticking = false;
  let count = 0;
  return async function tick(): Promise<void> {
    if (ticking) return; // a slow tick (process table reads) never overlaps the next one
    ticking = true;
    try {
      const lives = [...ctx.lives.values()];
      for (const live of lives) relayLogs(ctx, live);
      if (++count % MEMBER_REFRESH_TICKS === 0 && lives.some((l) => l.inst.pid !== null)) {
        const table = await listProcesses();
        for (const live of lives)
          if (live.inst.pid !== null && !live.stopping && ctx.lives.get(live.inst.id) === live)
            noteMembers(ctx, live, table);
      }
      for (const live of lives) await checkLiveness(ctx, live);
    } finally {
      ticking = false;
    }
  };
}

async function checkLiveness(ctx: SupervisorContext, live: Live): Promise<void> {
  const { pid, startKey } = live.inst;
  if (
    live.origin === 'child' ||
    live.stopping ||
    live.checking ||
    live.restartTimer !== null ||
    pid === null ||
    startKey === null
  )
    return;
  // Against the RECORDED identity: a pid the kernel handed to another process reads as 'changed'.
  if ((await checkIdentity({ pid, startKey })) === 'same') return;
  live.checking = true;
  // In the profile's queue: a stop that is under way decides the outcome, not this check.
  void ctx.queue.run(live.inst.profile, () => endUnwatched(ctx, live)).finally(() => (live.checking = false));
}

/** The recorded process of an adopted or followed instance is gone: follow a recorded survivor, or report the end. */
async function endUnwatched(ctx: SupervisorContext, live: Live): Promise<void> {
  if (ctx.lives.get(live.inst.id) !== live || live.stopping || ctx.closed) return;
  const { pid, startKey } = live.inst;
  if (pid !== null && startKey !== null && (await checkIdentity({ pid, startKey })) === 'same') return;
  const warn = (p: string): string =>
    `Its process (PID ${pid}) exited and left ${p} of the same launch running; Berth follows that process now.`;
  if (await followRecorded(ctx, live, warn)) return;
  // Only recorded processes that are still the same are stopped: with none, nothing is signalled.
  await stopTree(live, 3000);
  ctx.deps.reservations.releaseOwner(live.inst.id);
  relayLogs(ctx, live);
  const d = decideExit({
    code: null,
    signal: null,
    livedMs: Date.now() - live.runStartedAt,
    origin: live.origin,
    command: live.inst.command,
    restart: null,
    restartState: live.restart,
    backoffScale: 1,
    portRetries: live.portRetries,
  });
  await applyExit(ctx, live, d, { pid: null, endedAt: Date.now(), lastLines: live.tail.last(20) });
}

/** Runs the tick every `ms` only while instances exist: with none, nothing wakes the host (issue 9 §5). */
export function tickWhileLive(ctx: SupervisorContext, tick: () => Promise<void>, ms: number): { stop(): void } {
  let timer: NodeJS.Timeout | null = null;
  const stop = (): void => {
    if (timer !== null) clearInterval(timer);
    timer = null;
  };
  ctx.lives.onAdd = () => {
    if (timer !== null || ctx.closed) return;
    timer = setInterval(() => {
      void tick().then(() => ctx.lives.size === 0 && stop());
    }, ms);
    timer.unref();
  };
  return { stop };
}
