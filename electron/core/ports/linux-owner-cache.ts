import { closeSync, openSync, readSync } from 'node:fs';
import type { Owner } from './types.js';
import {
  readCmdline,
  readProcStat,
  readProcUid,
  startKeyFromTicks,
  startTimeMsFromTicks,
} from '../processes/linux-proc.js';
import { userNameForUid } from '../processes/users.js';
import { createExitWatch, type ExitWatch } from './linux-exit-watch.js';
import { ownPidNamespace } from './linux-proc-fds.js';

/**
 * Processes known to hold (or to have held) a listening socket, each watched for its exit: through a
 * pidfd (one poll(2) per poll for all of them, linux-exit-watch.ts), or where pidfds are unavailable
 * through an open /proc/<pid>/stat, whose reads fail once that very process is gone whatever reuses
 * its pid (one pread each, no path lookup).
 */
export type CachedOwner = Readonly<{ owner: Owner; startTicks: number; statFd: number | null; pidfd: boolean }>;

export type OwnerCache = Readonly<{
  /** The cached owner, reading it from /proc on first use; null when the process is gone. */
  get(pid: number): CachedOwner | null;
  /** Pids of every cached owner (current and previous holders). */
  pids(): IterableIterator<number>;
  /** Drops owners that exited or became zombies; calls `onDrop` for each. Allocates nothing when all live. */
  revalidate(onDrop: (pid: number) => void): void;
  /** Closes every pidfd and stat fd it keeps; the cache is empty afterwards. */
  close(): void;
}>;

/**
 * `exits` defaults to a pidfd watch only when `root` shows this process's own pid namespace: pidfd_open
 * reads pids in the caller's namespace, and another /proc (a test's tree, a parent namespace's mount)
 * numbers processes differently.
 */
export function createOwnerCache(
  root: string,
  exits: ExitWatch | null = ownPidNamespace(root) ? createExitWatch() : null,
): OwnerCache {
  const owners = new Map<number, CachedOwner>();
  let withoutPidfd = 0; // owners confirmed through their stat instead

  function drop(pid: number, cached: CachedOwner): void {
    if (cached.statFd !== null) closeSync(cached.statFd);
    if (cached.pidfd) exits!.close(pid);
    else withoutPidfd--;
    owners.delete(pid);
  }

  function read(pid: number): CachedOwner | null {
    // The pidfd first: the stat read next then describes the process that pidfd watches.
    const pidfd = exits?.open(pid) ?? null;
    const st = readProcStat(pid, root);
    if (!st) {
      if (pidfd !== null) exits!.close(pid);
      return null;
    }
    const owner: Owner = {
      pid,
      process: st.comm,
      command: readCmdline(pid, root) ?? `[${st.comm}]`,
      user: userNameForUid(readProcUid(pid, root)),
      startTime: startTimeMsFromTicks(st.startTicks),
      startKey: startKeyFromTicks(st.startTicks),
    };
    if (pidfd !== null) return { owner, startTicks: st.startTicks, statFd: null, pidfd: true };
    return { owner, startTicks: st.startTicks, statFd: openStat(root, pid), pidfd: false };
  }

  return {
    get(pid) {
      const known = owners.get(pid);
      if (known !== undefined) return known;
      const cached = read(pid);
      if (cached === null) return null;
      owners.set(pid, cached);
      if (!cached.pidfd) withoutPidfd++;
      return cached;
    },
    pids: () => owners.keys(),
    close() {
      owners.forEach((cached, pid) => drop(pid, cached));
    },
    revalidate(onDrop) {
      if (exits !== null) {
        for (const pid of exits.exited()) {
          const cached = owners.get(pid);
          if (cached === undefined) continue;
          drop(pid, cached);
          onDrop(pid);
        }
        if (withoutPidfd === 0) return;
      }
      // forEach rather than for…of: no entry array per owner on every poll. Deleting while iterating
      // a Map is well defined (ECMA-262 Map.prototype.forEach).
      owners.forEach((cached, pid) => {
        if (cached.pidfd || stillRunning(root, pid, cached)) return;
        drop(pid, cached);
        onDrop(pid);
      });
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

const statBuf = Buffer.alloc(1024);
const CLOSE_PAREN = 0x29;
const ZOMBIE = 0x5a; // 'Z'
const DEAD = 0x58; // 'X'

/** Alive and not a zombie, read through the kept fd (or by path when no fd could be kept). */
function stillRunning(root: string, pid: number, cached: CachedOwner): boolean {
  if (cached.statFd === null) {
    const st = readProcStat(pid, root);
    return st !== null && st.startTicks === cached.startTicks && st.state !== 'Z';
  }
  let n: number;
  try {
    n = readSync(cached.statFd, statBuf, 0, statBuf.length, 0);
  } catch {
    return false; // ESRCH: the process this fd was opened for has exited
  }
  // State is the byte two after the LAST ')' (comm may contain parentheses; proc(5) field 3).
  // Scanned in the buffer rather than decoded, so an idle poll allocates no strings.
  let close = n - 1;
  while (close >= 0 && statBuf[close] !== CLOSE_PAREN) close--;
  if (close < 0 || close + 2 >= n) return false;
  const state = statBuf[close + 2];
  return state !== ZOMBIE && state !== DEAD;
}
