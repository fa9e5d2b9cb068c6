import { checkIdentitySync, type ProcessIdentity } from '../processes/identity.js';
import { getProcessInfo, listDescendants, type ProcessEntry, type ProcessTable } from '../processes/process-table.js';
import type { Instance } from './types.js';

/**
 * Which processes belong to an instance, decided from what was RECORDED (issue 8 §1): the leader
 * (or the followed survivor) and the members seen while one of those was verified alive. A pid read
 * from the current table is never trusted on its own: the kernel may have handed a dead server's pid
 * to an unrelated process.
 */
const MAX_MEMBERS = 64;

export function recordedIdentities(inst: Pick<Instance, 'pid' | 'startKey' | 'members'>): ProcessIdentity[] {
  const out: ProcessIdentity[] = [];
  if (inst.pid !== null && inst.startKey !== null) out.push({ pid: inst.pid, startKey: inst.startKey });
  for (const m of inst.members) if (!out.some((o) => o.pid === m.pid && o.startKey === m.startKey)) out.push(m);
  return out;
}

const alive = (e: ProcessEntry | undefined): e is ProcessEntry => e !== undefined && e.state !== 'Z' && e.state !== 'X';

/** The recorded identities the table still shows as the same processes. */
export function matchRecorded(table: ProcessTable, recorded: readonly ProcessIdentity[]): ProcessEntry[] {
  return recorded
    .map((id) => table.get(id.pid))
    .filter((e, k): e is ProcessEntry => alive(e) && e.startKey === recorded[k]!.startKey);
}

/**
 * The instance's processes now: the recorded ones that still match, the members of the recorded
 * process group when one of those is still in it (a pid number is not reused while a group uses it,
 * so a live recorded member proves the group is the one created at launch), and their descendants.
 */
export function collectTree(
  table: ProcessTable,
  recorded: readonly ProcessIdentity[],
  pgid: number | null,
): ProcessEntry[] {
  const anchors = matchRecorded(table, recorded);
  const out = new Map<number, ProcessEntry>(anchors.map((e) => [e.pid, e]));
  if (pgid !== null && anchors.some((e) => e.pgid === pgid))
    for (const e of table.values()) if (e.pgid === pgid && alive(e)) out.set(e.pid, e);
  for (const root of [...out.values()])
    for (const d of listDescendants(table, root.pid)) if (alive(d)) out.set(d.pid, d);
  return [...out.values()];
}

/** Checked immediately before kill(-pgid): a recorded process is still the same and still in the group. */
export async function isGroupOurs(recorded: readonly ProcessIdentity[], pgid: number): Promise<boolean> {
  for (const id of recorded) {
    if (process.platform === 'linux' && checkIdentitySync(id) !== 'same') continue;
    const info = await getProcessInfo(id.pid);
    if (info && info.state !== 'Z' && info.startKey === id.startKey && info.pgid === pgid) return true;
  }
  return false;
}

/**
 * New members list when a recorded process anchors the tree, else null (nothing verified: keep what
 * was recorded). Called on every table read the supervisor makes anyway (readiness, liveness).
 */
export function refreshMembers(table: ProcessTable, inst: Instance): ProcessIdentity[] | null {
  const recorded = recordedIdentities(inst);
  if (matchRecorded(table, recorded).length === 0) return null;
  const now = collectTree(table, recorded, inst.pgid)
    .filter((e) => e.pid !== inst.pid)
    .slice(0, MAX_MEMBERS)
    .map((e) => ({ pid: e.pid, startKey: e.startKey }));
  const same =
    now.length === inst.members.length &&
    now.every((m) => inst.members.some((o) => o.pid === m.pid && o.startKey === m.startKey));
  return same ? null : now;
}

/**
 * At our own child's exit (the leader was just reaped): its process group's members, read at once.
 * The group id is the leader's pid; the kernel keeps that number out of reuse while any member is
 * left, so members found now are the launch's own, unless a process holds the leader's pid again
 * (then the number was reused: nothing is taken). Members must also have started after the leader.
 */
export function groupSurvivors(table: ProcessTable, leader: ProcessIdentity, pgid: number | null): ProcessEntry[] {
  if (pgid === null || table.has(pgid)) return [];
  const leaderTicks = ticksOf(leader.startKey);
  return [...table.values()].filter(
    (e) => e.pgid === pgid && alive(e) && (leaderTicks === null || (ticksOf(e.startKey) ?? 0) >= leaderTicks),
  );
}

function ticksOf(startKey: string): number | null {
  const m = /^linux:[^:]*:(\d+)$/.exec(startKey);
  return m ? Number(m[1]) : null;
}

/** The oldest of the given processes whose parent is not among them: whom to follow. */
export function pickRoot(entries: readonly ProcessEntry[]): ProcessEntry | undefined {
  const pids = new Set(entries.map((e) => e.pid));
  return entries
    .filter((e) => !pids.has(e.ppid))
    .sort((a, b) => (ticksOf(a.startKey) ?? a.pid) - (ticksOf(b.startKey) ?? b.pid) || a.pid - b.pid)[0];
}
