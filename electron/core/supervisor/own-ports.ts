import type { Listener } from '../ports/types.js';
import { listProcesses, type ProcessTable } from '../processes/process-table.js';
import { collectTree, matchRecorded, recordedIdentities, refreshMembers } from './anchors.js';
import { persist, type SupervisorContext } from './context.js';
import type { Live } from './live.js';

export type OwnPorts = Readonly<{ ports: number[]; listeners: readonly Listener[] }>;

/**
 * The ports the instance's tree listens on, from one scan. The process table is read only when a
 * listener appears whose pid was not classified yet; that read also refreshes the recorded members.
 */
export async function readOwnPorts(ctx: SupervisorContext, live: Live): Promise<OwnPorts> {
  const { listeners } = await ctx.deps.scan();
  const unknown = listeners.some((l) => l.pid !== null && !live.inTree.has(l.pid));
  if (unknown) {
    const table = await listProcesses();
    noteMembers(ctx, live, table);
    const recorded = recordedIdentities(live.inst);
    // Without a live recorded process nothing can be classified yet: decide later, not "not ours" for good.
    if (matchRecorded(table, recorded).length > 0) {
      const tree = new Set(collectTree(table, recorded, live.inst.pgid).map((e) => e.pid));
      for (const l of listeners)
        if (l.pid !== null && !live.inTree.has(l.pid))
          live.inTree.set(
            l.pid,
            l.holders.some((h) => tree.has(h.pid)),
          );
    }
  }
  const ports = [...new Set(listeners.filter((l) => l.pid !== null && live.inTree.get(l.pid)).map((l) => l.port))];
  return { ports, listeners };
}

/** Records the instance's current members when a recorded process anchors them (saved without a change event). */
export function noteMembers(ctx: SupervisorContext, live: Live, table: ProcessTable): void {
  const members = refreshMembers(table, live.inst);
  if (members === null) return;
  live.inst = { ...live.inst, members };
  persist(ctx, true);
}

/** Listeners on the instance's assigned ports that are not its own: who took them. */
export function foreignHolders(live: Live, listeners: readonly Listener[]): Listener[] {
  const assigned = new Set(Object.values(live.inst.ports));
  return listeners.filter((l) => assigned.has(l.port) && !(l.pid !== null && live.inTree.get(l.pid)));
}
