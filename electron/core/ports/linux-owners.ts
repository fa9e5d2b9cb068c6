import type { Owner, RawSocket } from './types.js';
import { createOwnerCache } from './linux-owner-cache.js';
import { createSocketFdMemory } from './linux-socket-fds.js';
import { searchOwners, type SearchMode, type SearchState, type SearchTier } from './linux-owner-search.js';
import {
  createNewestPidWatch,
  fdCountsSupported,
  idsAllocatedBetween,
  readPidMax,
  threadGroupOf,
} from './linux-proc-fds.js';
import { currentUid, currentUserName, userNameForUid } from '../processes/users.js';

export { findHolderPids } from './linux-proc-fds.js';

/**
 * Socket inode → owning processes, through /proc/<pid>/fd (the same attribution `ss -p` does).
 * Built for polling: a listening socket keeps its inode for life, so an inode attributed once
 * stays attributed while its holders keep their identity (checked each poll through kept fds).
 * /proc is searched only for inodes no known holder explains, likeliest processes first
 * (linux-owner-search.ts), and stops once all are found.
 */
export type Attribution = Readonly<{ holders: readonly Owner[]; reason?: string }>;

export type OwnerIndex = Readonly<{
  /**
   * Attributes every socket. `byInode` is the index's own map (read it before the next call); its
   * Attribution objects are reused while unchanged. `changed` is false when nothing differs from
   * the previous call; passing the previous call's array again then allocates nothing.
   */
  attribute(sockets: readonly RawSocket[]): { byInode: ReadonlyMap<number, Attribution>; changed: boolean };
  /** What the last call did, for tests and benchmarks. */
  lastSearch(): SearchReport | null;
  /** Releases the fds kept to watch owners (see linux-owner-cache.ts). */
  close(): void;
}>;

export type SearchReport = Readonly<{
  mode: SearchMode;
  walked: number;
  complete: boolean;
  swept: boolean;
  foundIn: SearchTier | null;
  at: number;
}>;

export type OwnerIndexOptions = Readonly<{ root?: string; now?: () => number }>;

// A socket nobody visibly holds can reach a visible process only by a fork or exec (a new pid) or
// by fd passing (SCM_RIGHTS: the receiver's fd count changes). New pids are checked every poll,
// counts every SWEEP_MS, and everything every FULL_WALK_MS in case a close and a receive cancel out.
// SWEEP_MS was 10 s, then 30 s: a sweep lists /proc and stats every process (7.5 ms at 1100, a tenth of
// the host's per-poll cost at 2000 listeners when done every 30 s), and fd passing of a listener into a
// process Berth can see is rare, so it is found within a minute (listed with a reason until then).
// FULL_WALK_MS was 10 min: a full walk at 1000 processes × 40 fds costs ~300 ms, which every 10 min
// was 0.5 ms a second — a sixth of the host's whole idle cost there — for a case rarer still.
// Kernels older than 6.2 report no counts: then all processes are walked every FALLBACK_FULL_MS.
const SWEEP_MS = 60_000;
const FULL_WALK_MS = 30 * 60_000;
const FALLBACK_FULL_MS = 30_000;

export function createOwnerIndex(options: OwnerIndexOptions | string = {}): OwnerIndex {
  const { root = '/proc', now = Date.now } = typeof options === 'string' ? { root: options } : options;
  const owners = createOwnerCache(root);
  const holdersByInode = new Map<number, number[]>();
  const unattributed = new Map<number, string>(); // inode -> reason
  const attrs = new Map<number, Attribution>();
  const socketFds = createSocketFdMemory();
  const state: SearchState = { knownPids: null, fdCounts: new Map() };
  const countsOk = fdCountsSupported(root);
  const newestPid = createNewestPidWatch(root);
  const pidMax = readPidMax(root);
  let watermark: number | null = null; // the newest pid at the last search
  let lastSockets: readonly RawSocket[] | null = null;
  let lastFullWalk = 0;
  let lastSweep = 0;
  let report: SearchReport | null = null;
  let dropped = false;

  // A holder gone means the socket may have passed to another process (the parent of forked
  // workers exiting): forget the inode's holders so it is searched for again.
  const forgetHoldersOf = (pid: number): void => {
    holdersByInode.forEach((pids, inode) => {
      if (!pids.includes(pid)) return;
      dropped = true;
      holdersByInode.delete(inode);
      attrs.delete(inode);
    });
  };

  function setHolders(inode: number, pids: number[]): void {
    const cached = pids
      .map((p) => owners.get(p)!)
      .sort((a, b) => a.startTicks - b.startTicks || a.owner.pid - b.owner.pid);
    holdersByInode.set(inode, pids);
    unattributed.delete(inode);
    attrs.set(inode, { holders: cached.map((c) => c.owner) });
  }

  function setUnattributed(inode: number, reason: string): void {
    unattributed.set(inode, reason);
    attrs.set(inode, { holders: [], reason });
  }

  function reasonFor(sock: RawSocket, denied: number): string {
    const me = currentUid();
    if (sock.uid !== null && me !== null && me !== 0 && sock.uid !== me) {
      return (
        `owned by user ${userNameForUid(sock.uid)}; ` +
        `${currentUserName()} cannot see its process (run with sudo to see it)`
      );
    }
    // An unreadable process may or may not be the holder: say what was searched, not a guess.
    if (denied > 0) {
      return (
        `no visible process holds it; ${denied === 1 ? '1 process' : `${denied} processes`} could not be read ` +
        '(permission denied), one may hold it'
      );
    }
    return 'no visible process holds it (another PID namespace or a kernel socket)';
  }

  /** Which search this poll needs, if any. `unknown` are inodes with neither holders nor a reason. */
  function planSearch(unknown: ReadonlySet<number>, t: number): { mode: SearchMode; sweep: boolean } | null {
    if (unknown.size > 0) return { mode: 'find', sweep: countsOk };
    if (unattributed.size === 0) return null;
    if (t - lastFullWalk >= (countsOk ? FULL_WALK_MS : FALLBACK_FULL_MS)) return { mode: 'full', sweep: false };
    const sweep = countsOk && t - lastSweep >= SWEEP_MS;
    const newest = newestPid.read();
    return sweep || newest === null || newest !== watermark ? { mode: 'recheck', sweep } : null;
  }

  /**
   * Tier 1 without listing /proc: the processes behind the ids allocated since the last search.
   * Read before any listing, so a process created meanwhile is caught next time. Null: list /proc.
   */
  function freshProcesses(): number[] | null {
    const newest = newestPid.read();
    const from = watermark;
    watermark = newest;
    if (newest === null || from === null || state.knownPids === null) return null;
    const ids = idsAllocatedBetween(from, newest, pidMax);
    if (ids === null) return null;
    const out = new Set<number>();
    for (const id of ids) {
      // A new thread's process is old but just did something: walk it too (it may hold the socket).
      const tgid = threadGroupOf(root, id);
      if (tgid !== null) out.add(tgid);
    }
    return [...out];
  }

  return {
    lastSearch: () => report,
    close: () => owners.close(),
    attribute(sockets) {
      const t = now();
      dropped = false;
      owners.revalidate(forgetHoldersOf);
      const same = sockets === lastSockets;
      let changed = dropped || !same;
      let unknown: Set<number> | null = null;
      if (!same) {
        const present = new Set<number>();
        for (const s of sockets) present.add(s.inode);
        for (const inode of attrs.keys()) if (!present.has(inode)) attrs.delete(inode);
        for (const inode of holdersByInode.keys()) if (!present.has(inode)) holdersByInode.delete(inode);
        for (const inode of socketFds.inodes()) if (!present.has(inode)) socketFds.closed(inode);
        for (const inode of unattributed.keys()) if (!present.has(inode)) unattributed.delete(inode);
      }
      if (changed) {
        unknown = new Set();
        for (const s of sockets) if (!holdersByInode.has(s.inode) && !unattributed.has(s.inode)) unknown.add(s.inode);
      }
      const plan = planSearch(unknown ?? EMPTY, t);
      if (plan !== null) {
        const fresh = freshProcesses();
        const needed = unknown ?? EMPTY;
        const wanted = new Set([...needed, ...unattributed.keys()]);
        const out = searchOwners(state, {
          root,
          mode: plan.mode,
          needed,
          wanted,
          sweep: plan.sweep,
          recordCounts: countsOk,
          previousOwners: owners.pids,
          // Probed once, by a search for new sockets: a vacated fd then held one, or something else.
          vacated: plan.mode === 'find' ? socketFds.takeVacated() : [],
          onFd: socketFds.found,
          fresh,
        });
        if (out.complete) lastFullWalk = t;
        if (out.swept) lastSweep = t;
        report = {
          mode: plan.mode,
          walked: out.walked,
          complete: out.complete,
          swept: out.swept,
          foundIn: out.foundIn,
          at: t,
        };
        for (const s of sockets) {
          if (!wanted.has(s.inode)) continue;
          const pids = (out.found.get(s.inode) ?? []).filter((p) => owners.get(p) !== null);
          if (pids.length > 0) {
            setHolders(s.inode, pids);
            changed = true;
          } else if (needed.has(s.inode)) {
            // `find` stops early only once every needed inode is found: this one was searched everywhere.
            setUnattributed(s.inode, reasonFor(s, out.denied));
            changed = true;
          }
        }
      }
      lastSockets = sockets;
      return { byInode: attrs, changed };
    },
  };
}

const EMPTY: ReadonlySet<number> = new Set();
