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

/**
 * Processes known to hold (or to have held) a listening socket, each with an open /proc/<pid>/stat:
 * reads through that fd fail once that very process is gone, whatever reuses its pid, so an owner's
 * identity is confirmed every poll with one pread and no path lookup.
 */
export type CachedOwner = Readonly<{ owner: Owner; startTicks: number; statFd: number | null }>;

export type OwnerCache = Readonly<{
  /** The cached owner, reading it from /proc on first use; null when the process is gone. */
  get(pid: number): CachedOwner | null;
  /** Pids of every cached owner (current and previous holders). */
  pids(): IterableIterator<number>;
  /** Drops owners that exited or became zombies; calls `onDrop` for each. Allocates nothing when all live. */
  revalidate(onDrop: (pid: number) => void): void;
}>;

export function createOwnerCache(root: string): OwnerCache {
  const owners = new Map<number, CachedOwner>();

  function read(pid: number): CachedOwner | null {
    const st = readProcStat(pid, root);
    if (!st) return null;
    const owner: Owner = {
      pid,
      process: st.comm,
      command: readCmdline(pid, root) ?? `[${st.comm}]`,
      user: userNameForUid(readProcUid(pid, root)),
      startTime: startTimeMsFromTicks(st.startTicks),
      startKey: startKeyFromTicks(st.startTicks),
    };
    return { owner, startTicks: st.startTicks, statFd: openStat(root, pid) };
  }

  return {
    get(pid) {
      const cached = owners.get(pid) ?? read(pid);
      if (cached) owners.set(pid, cached);
      return cached;
    },
    pids: () => owners.keys(),
    revalidate(onDrop) {
      // forEach rather than for…of: no entry array per owner on every poll. Deleting while iterating
      // a Map is well defined (ECMA-262 Map.prototype.forEach).
      owners.forEach((cached, pid) => {
        if (stillRunning(root, pid, cached)) return;
        if (cached.statFd !== null) closeSync(cached.statFd);
        owners.delete(pid);
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
