import { listDescendants, type ProcessTable } from '../processes/process-table.js';

/**
 * An instance's processes: the members of the process group recorded at launch, plus any
 * descendant of the leader that left the group (setsid, a detached child).
 */
export function instanceTreePids(table: ProcessTable, pid: number, pgid: number | null): number[] {
  const out = new Set<number>();
  if (table.has(pid)) out.add(pid);
  if (pgid !== null) for (const p of table.values()) if (p.pgid === pgid && p.state !== 'Z') out.add(p.pid);
  for (const root of [...out]) for (const d of listDescendants(table, root)) if (d.state !== 'Z') out.add(d.pid);
  return [...out];
}
