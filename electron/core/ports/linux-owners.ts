import { closeSync, openSync, readdirSync, readlinkSync, readSync } from 'node:fs';
import type { Owner, RawSocket } from './types.js';
import {
  listPids,
  readCmdline,
  readProcStat,
  readProcUid,
  startKeyFromTicks,
  startTimeMsFromTicks,
} from '../processes/linux-proc.js';
import { currentUid, currentUserName, userNameForUid } from '../processes/users.js';

/**
 * Socket inode → owning processes, through /proc/<pid>/fd (the same attribution `ss -p` does).
 * Built for polling: a listening socket keeps its inode for life, so an inode attributed once
 * stays attributed while its holders keep their identity (pid + start time, re-read each poll).
 * /proc/*\/fd is walked only when an inode appears that no known holder explains.
 */
export type Attribution = Readonly<{ holders: readonly Owner[]; reason?: string }>;

/** `statFd` is an open /proc/<pid>/stat: reads fail once that very process is gone, whatever reuses its pid. */
type CachedOwner = { owner: Owner; startTicks: number; statFd: number | null };

export type OwnerIndex = Readonly<{
  /** Attributes every socket; `changed` is false when the result equals the previous poll's. */
  attribute(sockets: readonly RawSocket[]): { byInode: Map<number, Attribution>; changed: boolean };
}>;

// Unattributable sockets are searched again among new processes each poll, and among all every 30 s
// (a process can receive a socket over a Unix socket without being new).
const FULL_RECHECK_MS = 30_000;

export function createOwnerIndex(root = '/proc'): OwnerIndex {
  const holdersByInode = new Map<number, number[]>();
  const owners = new Map<number, CachedOwner>();
  const unattributed = new Map<number, string>(); // inode -> reason
  let knownPids = new Set<number>();
  let lastFullScan = 0;
  let lastInodes = new Set<number>();
  let lastByInode = new Map<number, Attribution>();
  const newestPid = createNewestPidWatch(root);

  function ownerFor(pid: number): CachedOwner | null {
    const cached = owners.get(pid);
    if (cached) return cached;
    const st = readProcStat(pid, root);
    if (!st) return null;
    const uid = readProcUid(pid, root);
    const owner: Owner = {
      pid,
      process: st.comm,
      command: readCmdline(pid, root) ?? `[${st.comm}]`,
      user: userNameForUid(uid),
      startTime: startTimeMsFromTicks(st.startTicks),
      startKey: startKeyFromTicks(st.startTicks),
    };
    const entry = { owner, startTicks: st.startTicks, statFd: openStat(root, pid) };
    owners.set(pid, entry);
    return entry;
  }

  function dropOwner(pid: number, cached: CachedOwner): void {
    if (cached.statFd !== null) closeSync(cached.statFd);
    owners.delete(pid);
  }

  /** Drops holders that exited or whose pid was reused; returns true if anything was dropped. */
  function revalidate(): boolean {
    let dropped = false;
    for (const [pid, cached] of owners) {
      if (stillRunning(root, pid, cached)) continue;
      dropOwner(pid, cached);
      dropped = true;
    }
    if (!dropped) return false;
    for (const [inode, pids] of holdersByInode) {
      const alive = pids.filter((p) => owners.has(p));
      // A holder gone means the socket may have passed to another process: find it again.
      if (alive.length !== pids.length) holdersByInode.delete(inode);
    }
    return true;
  }

  function reasonFor(sock: RawSocket, denied: number): string {
    const me = currentUid();
    if (sock.uid !== null && me !== null && me !== 0 && sock.uid !== me) {
      return `owned by user ${userNameForUid(sock.uid)}; ${currentUserName()} cannot see its process (run with sudo to see it)`;
    }
    if (denied > 0) return 'its process could not be read (permission denied)';
    return 'no visible process holds it (another PID namespace or a kernel socket)';
  }

  return {
    attribute(sockets) {
      const now = Date.now();
      const inodes = new Set<number>();
      for (const s of sockets) inodes.add(s.inode);
      let changed = revalidate() || inodes.size !== lastInodes.size;
      if (!changed) for (const i of inodes) if (!lastInodes.has(i)) { changed = true; break; }
      for (const inode of holdersByInode.keys()) if (!inodes.has(inode)) holdersByInode.delete(inode);
      for (const inode of unattributed.keys()) if (!inodes.has(inode)) unattributed.delete(inode);

      const unknown = new Set<number>();
      for (const i of inodes) if (!holdersByInode.has(i)) unknown.add(i);
      const onlyOld = unknown.size > 0 && [...unknown].every((i) => unattributed.has(i)) && now - lastFullScan < FULL_RECHECK_MS;
      // Sockets already searched for can only be found in processes created since: none were if the
      // last allocated pid did not move.
      const spawned = newestPid.changed();
      if (unknown.size > 0 && (!onlyOld || spawned)) {
        const pids = listPids(root);
        const candidates = onlyOld ? pids.filter((p) => !knownPids.has(p)) : pids;
        if (!onlyOld) lastFullScan = now;
        knownPids = new Set(pids);
        const found = new Map<number, number[]>();
        const denied = candidates.length > 0 ? scanSocketFds(root, candidates, unknown, found) : 0;
        for (const s of sockets) {
          if (!unknown.has(s.inode)) continue;
          const pidsFound = (found.get(s.inode) ?? []).filter((p) => ownerFor(p) !== null);
          if (pidsFound.length > 0) {
            holdersByInode.set(s.inode, pidsFound);
            unattributed.delete(s.inode);
            changed = true;
          } else if (!unattributed.has(s.inode)) {
            unattributed.set(s.inode, reasonFor(s, denied));
            changed = true;
          }
        }
      }
      lastInodes = inodes;
      if (!changed) return { byInode: lastByInode, changed };

      const byInode = new Map<number, Attribution>();
      for (const i of inodes) {
        const pids = holdersByInode.get(i);
        if (pids) {
          const holders = pids.map((p) => owners.get(p)!).sort((a, b) => a.startTicks - b.startTicks || a.owner.pid - b.owner.pid);
          byInode.set(i, { holders: holders.map((h) => h.owner) });
        } else byInode.set(i, { holders: [], reason: unattributed.get(i) ?? 'owner unknown' });
      }
      lastByInode = byInode;
      return { byInode, changed };
    },
  };
}

const statBuf = Buffer.alloc(1024);

/**
 * The last field of /proc/loadavg is the most recently allocated pid (proc(5)). When it has not
 * moved, no process was created. Read through a kept fd: one small pread per poll.
 */
function createNewestPidWatch(root: string): { changed(): boolean } {
  let fd: number | null = null;
  try {
    fd = openSync(`${root}/loadavg`, 'r');
  } catch {
    fd = null;
  }
  let last = '';
  return {
    changed(): boolean {
      if (fd === null) return true;
      let text: string;
      try {
        text = statBuf.toString('latin1', 0, readSync(fd, statBuf, 0, 128, 0));
      } catch {
        return true;
      }
      const newest = text.slice(text.lastIndexOf(' ') + 1).trim();
      const moved = newest !== last;
      last = newest;
      return moved;
    },
  };
}

function openStat(root: string, pid: number): number | null {
  try {
    return openSync(`${root}/${pid}/stat`, 'r');
  } catch {
    return null;
  }
}

/** Alive and not a zombie, read through the kept fd (or by path when no fd could be kept). */
function stillRunning(root: string, pid: number, cached: CachedOwner): boolean {
  if (cached.statFd === null) {
    const st = readProcStat(pid, root);
    return st !== null && st.startTicks === cached.startTicks && st.state !== 'Z';
  }
  try {
    const n = readSync(cached.statFd, statBuf, 0, statBuf.length, 0);
    const text = statBuf.toString('latin1', 0, n);
    const state = text.charAt(text.lastIndexOf(')') + 2);
    return state !== 'Z' && state !== 'X' && state !== '';
  } catch {
    return false; // ESRCH: the process this fd was opened for has exited
  }
}

/** Full, uncached search for the holders of given inodes (used right before stopping them). */
export function findHolderPids(inodes: readonly number[], root = '/proc'): Map<number, number[]> {
  const found = new Map<number, number[]>();
  scanSocketFds(root, listPids(root), new Set(inodes), found);
  return found;
}

/** Walks /proc/<pid>/fd of each pid for the wanted socket inodes; returns how many pids were unreadable. */
function scanSocketFds(root: string, pids: readonly number[], wanted: Set<number>, found: Map<number, number[]>): number {
  let denied = 0;
  for (const pid of pids) {
    let fds: string[];
    try {
      fds = readdirSync(`${root}/${pid}/fd`);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EACCES') denied++;
      continue;
    }
    for (const fd of fds) {
      let link: string;
      try {
        link = readlinkSync(`${root}/${pid}/fd/${fd}`);
      } catch {
        continue;
      }
      // "socket:[12345]"
      if (!link.startsWith('socket:[')) continue;
      const inode = Number(link.slice(8, -1));
      if (!wanted.has(inode)) continue;
      const list = found.get(inode);
      if (list === undefined) found.set(inode, [pid]);
      else if (!list.includes(pid)) list.push(pid);
    }
  }
  return denied;
}
