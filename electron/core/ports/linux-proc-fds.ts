import { openSync, readdirSync, readlinkSync, readSync, statSync } from 'node:fs';
import { listPids } from '../processes/linux-proc.js';

/**
 * Low-level /proc reads for socket attribution (proc(5)): walking a process's fds for socket
 * inodes, counting its open fds, and watching whether any process was created.
 */
export type WalkOutcome = 'read' | 'denied' | 'gone';

/** Walks /proc/<pid>/fd once, recording each wanted socket inode it holds in `found`. */
export function walkSocketFds(root: string, pid: number, wanted: ReadonlySet<number>, found: Map<number, number[]>): WalkOutcome {
  let fds: string[];
  try {
    fds = readdirSync(`${root}/${pid}/fd`);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EACCES' ? 'denied' : 'gone';
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
  return 'read';
}

/**
 * Number of open fds of a process: since Linux 6.2 the size of /proc/<pid>/fd is that count
 * (kernel commit "proc: report open files as size in stat() for /proc/pid/fd"); older kernels report 0.
 * A stat is ~100x cheaper than reading the directory and every link in it. Null when unreadable.
 */
export function readFdCount(root: string, pid: number): number | null {
  try {
    return statSync(`${root}/${pid}/fd`).size;
  } catch {
    return null;
  }
}

/** Whether this kernel reports fd counts: our own process always has stdio open, so 0 means "not supported". */
export function fdCountsSupported(root: string): boolean {
  return (readFdCount(root, process.pid) ?? 0) > 0;
}

/** Full, uncached search for the holders of given inodes (used right before stopping them). */
export function findHolderPids(inodes: readonly number[], root = '/proc'): Map<number, number[]> {
  const found = new Map<number, number[]>();
  const wanted = new Set(inodes);
  for (const pid of listPids(root)) walkSocketFds(root, pid, wanted, found);
  return found;
}

const loadBuf = Buffer.alloc(128);

/**
 * The last field of /proc/loadavg is the most recently allocated pid (proc(5)). When it has not
 * moved, no process was created. Read through a kept fd: one small pread, compared byte by byte so
 * an idle poll allocates nothing.
 */
export function createNewestPidWatch(root: string): { moved(): boolean } {
  let fd: number | null;
  try {
    fd = openSync(`${root}/loadavg`, 'r');
  } catch {
    fd = null;
  }
  const last = Buffer.alloc(loadBuf.length);
  let lastLen = -1;
  return {
    moved(): boolean {
      if (fd === null) return true;
      let n: number;
      try {
        n = readSync(fd, loadBuf, 0, loadBuf.length, 0);
      } catch {
        return true;
      }
      // The load averages in front change too; only the text after the last space is the pid.
      let start = n;
      while (start > 0 && loadBuf[start - 1] !== 0x20) start--;
      const len = n - start;
      let same = len === lastLen;
      for (let i = 0; same && i < len; i++) same = loadBuf[start + i] === last[i];
      if (same) return false;
      loadBuf.copy(last, 0, start, n);
      lastLen = len;
      return true;
    },
  };
}
