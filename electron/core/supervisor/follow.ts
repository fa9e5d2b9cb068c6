import { listProcesses } from '../processes/process-table.js';
import { matchRecorded, pickRoot, recordedIdentities } from './anchors.js';
import { update, type SupervisorContext } from './context.js';
import type { Live } from './live.js';

/**
 * Re-points the instance at the oldest recorded process of its launch that is still the same
 * process, so liveness, stop and adoption by a later host keep working. Never a pid that was not
 * recorded: a reused pid, and anything under it, is never followed (issue 8 §1).
 */
export async function followRecorded(
  ctx: SupervisorContext,
  live: Live,
  warn: (process: string) => string,
): Promise<boolean> {
  const table = await listProcesses();
  const next = pickRoot(matchRecorded(table, recordedIdentities(live.inst)).filter((e) => e.pid !== live.inst.pid));
  if (!next || live.stopping || ctx.lives.get(live.inst.id) !== live) return false;
  live.origin = 'followed';
  live.inTree.clear();
  const warning = warn(`${next.name} (PID ${next.pid})`);
  update(ctx, live, {
    pid: next.pid,
    startKey: next.startKey,
    members: live.inst.members.filter((m) => m.pid !== next.pid),
    warnings: [...live.inst.warnings, warning],
  });
  return true;
}
