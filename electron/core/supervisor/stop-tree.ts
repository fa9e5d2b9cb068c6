import { listProcesses } from '../processes/process-table.js';
import { createGuardContext, refuseReason } from '../processes/guard.js';
import { targetFor, terminate, type Refusal, type StopSignal, type Target } from '../processes/terminate.js';
import { checkBindable } from '../ports/free-check.js';
import { collectTree, isGroupOurs, recordedIdentities } from './anchors.js';
import type { Live } from './live.js';

export type TreeStop = Readonly<{ freed: boolean; forced: boolean; refused: readonly Refusal[] }>;

/**
 * SIGTERM to the instance's process group (once, verified against a recorded member right before
 * the kill) and to any descendant that left it, SIGKILL after the timeout. Only processes anchored
 * in what was recorded are targets (anchors.ts); a recorded process that is gone anchors nothing.
 */
export async function stopTree(live: Live, timeoutMs: number): Promise<TreeStop> {
  const { inst } = live;
  const refused: Refusal[] = [];
  const recorded = recordedIdentities(inst);
  if (recorded.length === 0) return { freed: true, forced: false, refused };
  const table = await listProcesses();
  const guard = createGuardContext(table);
  const targets: Target[] = [];
  for (const e of collectTree(table, recorded, inst.pgid)) {
    const reason = refuseReason(e.pid, guard);
    if (reason !== null) {
      refused.push({ pid: e.pid, reason });
      continue;
    }
    const t = await targetFor(e, e.pid === inst.pid);
    if (t) targets.push(t);
  }
  if (targets.length === 0) return { freed: true, forced: false, refused };
  const ports = [...Object.values(inst.ports), ...inst.actualPorts];
  // A server that exited on its own may have left its port to someone else: only a stop waits for it.
  const checked = live.child === null && !live.stopping ? [] : ports;
  const released = async (): Promise<boolean> => {
    for (const p of checked) if (!(await checkBindable(p)).ok) return false;
    return true;
  };
  const pgid = inst.pgid;
  const anchors = [...recorded, ...targets.map((t) => t.id)];
  const group =
    pgid !== null && process.platform !== 'win32'
      ? {
          pgid,
          signal: async (signal: StopSignal): Promise<boolean> => {
            if (!(await isGroupOurs(anchors, pgid))) return false;
            try {
              process.kill(-pgid, signal);
              return true;
            } catch {
              return false; // the group is already empty
            }
          },
        }
      : undefined;
  const r = await terminate(targets, released, refused, { timeoutMs, guard, ...(group ? { group } : {}) });
  const forced = r.stopped.some((s) => s.signals.includes('SIGKILL'));
  return { freed: r.freedAt !== null, forced, refused };
}
