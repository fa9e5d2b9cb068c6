import { listPids } from '../processes/linux-proc.js';
import { addHolder, readFdCount, socketInodeAt, walkSocketFds, type OnSocketFd } from './linux-proc-fds.js';

/**
 * Where to look for the holders of socket inodes, likeliest first (issue 9, item 1):
 *   1. processes that appeared since the last listing of /proc,
 *   1b. the fds previous owners' closed listeners used (the kernel hands out the lowest free fd, so
 *      a server re-listening in-process usually gets the very fd it closed: one readlink each),
 *   2. processes whose open-fd count changed since it was last recorded,
 *   3. previous owners (a server that re-listens in-process closes one fd and opens one: same count),
 *   4. everything else.
 * Tiers 1, 2 and 3 are walked whole, so a socket a new server shares with its forked workers finds
 * them all (a forked worker of a previous owner had the closed socket too: its fd is probed in 1b); tier 4 stops
 * at the first process after which every needed inode is found.
 */
export type SearchMode =
  /** Tiers in order until every `needed` inode is found. */
  | 'find'
  /** Only where an already-searched socket can have appeared: tier 1, plus tier 2 when `sweep`. */
  | 'recheck'
  /** Every process. */
  | 'full';

export type SearchState = {
  /** Pids seen at the last listing; null before the first (then every process is "new"). */
  knownPids: Set<number> | null;
  /** Open-fd count per pid when last recorded (empty when the kernel does not report counts). */
  fdCounts: Map<number, number>;
};

export type SearchPlan = Readonly<{
  root: string;
  mode: SearchMode;
  /** Inodes whose holders must be found before stopping early. */
  needed: ReadonlySet<number>;
  /** Inodes recorded when met (a superset of `needed`). */
  wanted: ReadonlySet<number>;
  previousOwners: () => Iterable<number>;
  /** Fds of previous owners whose listening socket closed: probed before walking previous owners. */
  vacated: readonly Readonly<{ pid: number; fd: number }>[];
  /** Told where each wanted socket was found, so its fd can be probed once it closes. */
  onFd?: OnSocketFd;
  /**
   * Tier 1 when known without listing /proc: the live processes among the ids allocated since the
   * last search. Null: list /proc and take the pids not seen at the last listing.
   */
  fresh: readonly number[] | null;
  /** Compare every process's open-fd count with the recorded one (tier 2). */
  sweep: boolean;
  /** The kernel reports fd counts: record each walked process's count as the next baseline. */
  recordCounts: boolean;
}>;

export type SearchOutcome = Readonly<{
  found: Map<number, number[]>;
  /** Processes whose fds could not be read (permission denied). */
  denied: number;
  /** Every listed process was walked: an inode not found is held by no visible process. */
  complete: boolean;
  /** The fd counts were compared (and recorded) in this search. */
  swept: boolean;
  walked: number;
  /** The tier after which every needed inode was found; null when some were not (or none needed). */
  foundIn: SearchTier | null;
}>;

/** `vacated`: found at an fd a closed listener of a previous owner used (tier 1b). */
export type SearchTier = 'new' | 'changed' | 'vacated' | 'previous' | 'rest';

export function searchOwners(state: SearchState, plan: SearchPlan): SearchOutcome {
  const { root, mode, needed, wanted } = plan;
  const counts = state.fdCounts;
  let listed: number[] | null = null;
  const previous: { known: Set<number> | null } = { known: null };
  const list = (): number[] => {
    if (listed !== null) return listed;
    const pids = listPids(root);
    previous.known = state.knownPids;
    const now = new Set(pids);
    state.knownPids = now;
    if (plan.recordCounts) for (const pid of counts.keys()) if (!now.has(pid)) counts.delete(pid);
    return (listed = pids);
  };
  const found = new Map<number, number[]>();
  const walked = new Set<number>();
  let denied = 0;
  let swept = false;

  const walk = (pid: number): void => {
    if (walked.has(pid)) return;
    walked.add(pid);
    // Recorded before reading the fds: a walked process is a baseline for the next "changed" tier.
    if (plan.recordCounts && !swept) {
      const count = readFdCount(root, pid);
      if (count !== null) counts.set(pid, count);
    }
    if (walkSocketFds(root, pid, wanted, found, plan.onFd) === 'denied') denied++;
  };
  const allFound = (): boolean => {
    for (const inode of needed) if (!found.has(inode)) return false;
    return true;
  };
  const outcome = (tier: SearchTier | null = null): SearchOutcome => ({
    found,
    denied,
    complete: listed !== null && walked.size >= listed.length,
    swept,
    walked: walked.size,
    foundIn: tier !== null && needed.size > 0 && allFound() ? tier : null,
  });

  if (mode === 'full') {
    for (const pid of list()) walk(pid);
    return outcome();
  }
  if (plan.fresh !== null) for (const pid of plan.fresh) walk(pid);
  else {
    const pids = list();
    const before = previous.known;
    for (const pid of pids) if (before === null || !before.has(pid)) walk(pid);
  }
  if (mode === 'find' && allFound()) return outcome('new');
  // Before the sweep: a few readlinks against stat-ing every process. A pid gone (or reused) since
  // reads as nothing (or as whatever that process holds now, which is then the truth).
  for (const { pid, fd } of plan.vacated) {
    const inode = socketInodeAt(root, pid, fd);
    if (inode === null || !needed.has(inode)) continue;
    addHolder(found, inode, pid);
    plan.onFd?.(inode, pid, fd);
  }
  if (plan.vacated.length > 0 && allFound()) return outcome('vacated');

  if (plan.sweep) {
    // Newest processes first (a server binding a second port, a dev server that just started), and a
    // changed process is walked as soon as it is seen: a search stops once every socket is found. A
    // sweep cut short records only what it read (the rest is compared next time) and does not count
    // as the periodic full sweep.
    const pids = list();
    const order = mode === 'find' ? [...pids].reverse() : pids;
    let cut = false;
    for (const pid of order) {
      if (walked.has(pid)) continue;
      const count = readFdCount(root, pid);
      if (count === null) continue; // gone, or unreadable: tier 4 (or the full walk) still covers it
      const changed = counts.get(pid) !== count;
      counts.set(pid, count);
      if (!changed) continue;
      walk(pid);
      if (mode === 'find' && allFound()) {
        cut = true;
        break;
      }
    }
    swept = !cut;
    if (mode === 'find' && allFound()) return outcome('changed');
  }
  if (mode === 'recheck') return outcome();

  const pids = list();
  const alive = state.knownPids!;
  for (const pid of plan.previousOwners()) if (alive.has(pid)) walk(pid);
  if (allFound()) return outcome('previous');
  for (const pid of pids) {
    if (walked.has(pid)) continue;
    walk(pid);
    if (found.size > 0 && allFound()) break;
  }
  return outcome('rest');
}
