import { openSync, readdirSync, readFileSync, readlinkSync, readSync, statSync } from 'node:fs';
import { listPids } from '../processes/linux-proc.js';
import { loadLibc, type LibcFns } from '../processes/linux-libc.js';
import { probePid } from './linux-exit-watch.js';

/**
 * Low-level /proc reads for socket attribution (proc(5)): walking a process's fds for socket
 * inodes, counting its open fds, and watching whether any process was created.
 */
export type WalkOutcome = 'read' | 'denied' | 'gone';

/** Called for each wanted socket found: which fd of which process holds it. */
export type OnSocketFd = (inode: number, pid: number, fd: number) => void;

/** Walks /proc/<pid>/fd once, recording each wanted socket inode it holds in `found`. */
export function walkSocketFds(
  root: string,
  pid: number,
  wanted: ReadonlySet<number>,
  found: Map<number, number[]>,
  onFd?: OnSocketFd,
): WalkOutcome {
  let fds: string[];
  try {
    fds = readdirSync(`${root}/${pid}/fd`);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EACCES' ? 'denied' : 'gone';
  }
  for (const fd of fds) {
    const inode = linkedInode(root, pid, fd);
    // Whether a link can be read is decided for the whole process (ptrace access mode, proc(5)):
    // root without CAP_SYS_PTRACE, or a process of an outer namespace, lists the fds but reads none.
    if (inode === DENIED) return 'denied';
    if (inode === null || !wanted.has(inode)) continue;
    addHolder(found, inode, pid);
    onFd?.(inode, pid, Number(fd));
  }
  return 'read';
}

/** The socket inode open at one fd of a process ("socket:[12345]"), or null (not a socket, gone). */
export function socketInodeAt(root: string, pid: number, fd: number | string): number | null {
  const inode = linkedInode(root, pid, fd);
  return inode === DENIED ? null : inode;
}

const DENIED = -1;

function linkedInode(root: string, pid: number, fd: number | string): number | null {
  let link: string;
  try {
    link = readlinkSync(`${root}/${pid}/fd/${fd}`);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return code === 'EACCES' || code === 'EPERM' ? DENIED : null;
  }
  return link.startsWith('socket:[') ? Number(link.slice(8, -1)) : null;
}

export function addHolder(found: Map<number, number[]>, inode: number, pid: number): void {
  const list = found.get(inode);
  if (list === undefined) found.set(inode, [pid]);
  else if (!list.includes(pid)) list.push(pid);
}

/**
 * Number of open fds of a process: since Linux 6.2 the size of /proc/<pid>/fd is that count
 * (kernel commit "proc: report open files as size in stat() for /proc/pid/fd"); older kernels report 0.
 * A stat is ~100x cheaper than reading the directory and every link in it. Null when unreadable.
 * A sweep stats every process, so the stat goes through fstatat(2) relative to a kept fd of the
 * root: no Stats object, no path walk from /, no exception per exited process.
 */
export function readFdCount(root: string, pid: number): number | null {
  const at = statAt(root);
  if (at === null) {
    try {
      return statSync(`${root}/${pid}/fd`).size;
    } catch {
      return null;
    }
  }
  return at.fstatat(at.dirfd, `${pid}/fd`, statBuf, 0) === 0 ? Number(statBuf.readBigInt64LE(ST_SIZE)) : null;
}

// st_size is at byte 48 of struct stat on x86_64 and on the generic layout (arm64, riscv64).
const ST_SIZE = 48;
const O_RDONLY_DIRECTORY_CLOEXEC = 0o200000 | 0o2000000;
const statBuf = Buffer.alloc(256);
const rootFds = new Map<string, Readonly<{ dirfd: number; fstatat: NonNullable<LibcFns['fstatat']> }> | null>();

function statAt(root: string): Readonly<{ dirfd: number; fstatat: NonNullable<LibcFns['fstatat']> }> | null {
  const known = rootFds.get(root);
  if (known !== undefined) return known;
  const c = process.arch === 'x64' || process.arch === 'arm64' ? loadLibc() : null;
  const dirfd = c?.fstatat ? c.open(root, O_RDONLY_DIRECTORY_CLOEXEC) : -1;
  // Kept for the process's life: one fd per /proc root (in practice one).
  const at = c?.fstatat && dirfd >= 0 ? { dirfd, fstatat: c.fstatat } : null;
  rootFds.set(root, at);
  return at;
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
 * The last field of /proc/loadavg is the most recently allocated pid (proc(5)). Read through a kept
 * fd and parsed from the bytes: one small pread per poll and no allocation. Null when unreadable.
 */
export function createNewestPidWatch(root: string): { read(): number | null } {
  let fd: number | null;
  try {
    fd = openSync(`${root}/loadavg`, 'r');
  } catch {
    fd = null;
  }
  return {
    read(): number | null {
      if (fd === null) return null;
      let n: number;
      try {
        n = readSync(fd, loadBuf, 0, loadBuf.length, 0);
      } catch {
        return null;
      }
      while (n > 0 && (loadBuf[n - 1]! < 0x30 || loadBuf[n - 1]! > 0x39)) n--; // trailing newline
      let value = 0;
      let scale = 1;
      for (let i = n - 1; i >= 0 && loadBuf[i]! >= 0x30 && loadBuf[i]! <= 0x39; i--, scale *= 10)
        value += (loadBuf[i]! - 0x30) * scale;
      return scale > 1 ? value : null;
    },
  };
}

const ownNamespaces = new Map<string, boolean>();

/** Whether `root` numbers processes as this process's pid namespace does (pidfd_open uses that one). */
export function ownPidNamespace(root: string): boolean {
  let own = ownNamespaces.get(root);
  if (own === undefined) {
    try {
      own = Number(readlinkSync(`${root}/self`)) === process.pid;
    } catch {
      own = false;
    }
    ownNamespaces.set(root, own);
  }
  return own;
}

// Beyond this many allocations since the last look, listing /proc is cheaper than probing each pid.
const MAX_PROBE = 1024;

// After pid_max the kernel wraps to RESERVED_PIDS (kernel/pid.c).
const RESERVED_PIDS = 300;

/**
 * Ids allocated after `from` up to `to` (wrapping at pid_max), or null when too many to probe.
 * Most are already gone; the caller probes each (a failed open is a few µs, listing /proc is ~1 ms).
 */
export function idsAllocatedBetween(from: number, to: number, pidMax: number): number[] | null {
  const wrapped = to < from;
  const count = wrapped ? pidMax - 1 - from + Math.max(0, to - RESERVED_PIDS + 1) : to - from;
  if (count > MAX_PROBE) return null;
  const out: number[] = [];
  for (let id = from + 1; id <= (wrapped ? pidMax - 1 : to); id++) out.push(id);
  if (wrapped) for (let id = Math.min(RESERVED_PIDS, to); id <= to; id++) out.push(id);
  return out;
}

export function readPidMax(root: string): number {
  try {
    return Number(readFileSync(`${root}/sys/kernel/pid_max`, 'latin1').trim()) || 32768;
  } catch {
    return 32768;
  }
}

/**
 * The process (thread group) an allocated id belongs to: ids are shared with threads, and a thread's
 * /proc/<tid> is reachable though unlisted. Null when the id is gone.
 */
export function threadGroupOf(root: string, id: number, probe = ownPidNamespace(root)): number | null {
  // A pidfd says at once whether the id is a process or gone (most new ids: a fork, a short-lived
  // command); only a thread needs its status rendered and read for the Tgid line.
  const kind = probe ? probePid(id) : null;
  if (kind === 'process') return id;
  if (kind === 'gone') return null;
  let text: string;
  try {
    text = readFileSync(`${root}/${id}/status`, 'latin1');
  } catch {
    return null;
  }
  const m = /^Tgid:\s*(\d+)$/m.exec(text);
  return m ? Number(m[1]) : null;
}
