import { loadLibc, type LibcFns } from '../processes/linux-libc.js';

/**
 * Watches processes for their exit through pidfds (pidfd_open(2), Linux 5.3): a pidfd turns readable
 * when its very process exits (a zombie counts; a reused pid is another process and never turns an
 * old pidfd readable), so one poll(2) over every watched pidfd confirms them all — no /proc/<pid>/stat
 * to render per owner per poll. Where pidfds are unavailable, `open` returns null and callers confirm
 * identity their own way.
 */
export type ExitWatch = Readonly<{
  /** Opens a pidfd for `pid` and watches it; null when none could be opened. */
  open(pid: number): number | null;
  /** Stops watching `pid` and closes its pidfd. */
  close(pid: number): void;
  /** Watched pids whose process exited; the same empty array (no allocation) while none did. */
  exited(): readonly number[];
}>;

const ESRCH = 3;
const EINVAL = 22;

/**
 * What a pid names, told by pidfd_open(2) alone (no /proc file rendered): a process (a thread-group
 * leader), a thread of some other process (EINVAL), or nothing any more (ESRCH). Null when pidfds are
 * unavailable or the answer is anything else; callers then read /proc.
 */
export function probePid(pid: number, libc: LibcFns | null = loadLibc()): 'process' | 'thread' | 'gone' | null {
  const open = libc?.pidfdOpen ?? null;
  if (open === null) return null;
  const fd = open(pid);
  if (fd >= 0) {
    libc!.close(fd);
    return 'process';
  }
  const errno = libc!.errno();
  return errno === ESRCH ? 'gone' : errno === EINVAL ? 'thread' : null;
}

const POLLFD_SIZE = 8; // struct pollfd: int fd; short events; short revents
const POLLIN = 0x1;
const NONE: readonly number[] = [];

export function createExitWatch(libc: LibcFns | null = loadLibc()): ExitWatch {
  const open = libc?.pidfdOpen ?? null;
  const fds = new Map<number, number>(); // pid -> pidfd
  let pids: number[] = [];
  let packed = Buffer.alloc(0);
  let dirty = false;

  function pack(): void {
    pids = [...fds.keys()];
    packed = Buffer.alloc(pids.length * POLLFD_SIZE);
    pids.forEach((pid, i) => {
      packed.writeInt32LE(fds.get(pid)!, i * POLLFD_SIZE);
      packed.writeInt16LE(POLLIN, i * POLLFD_SIZE + 4);
    });
    dirty = false;
  }

  return {
    open(pid) {
      if (open === null || fds.has(pid)) return fds.get(pid) ?? null;
      const fd = open(pid);
      if (fd < 0) return null;
      fds.set(pid, fd);
      dirty = true;
      return fd;
    },
    close(pid) {
      const fd = fds.get(pid);
      if (fd === undefined) return;
      fds.delete(pid);
      // Through libc: fs.closeSync of an fd fs did not open warns in a worker ("unmanaged mode").
      libc!.close(fd);
      dirty = true;
    },
    exited() {
      if (fds.size === 0) return NONE;
      if (dirty) pack();
      const ready = libc!.poll(packed, pids.length, 0);
      if (ready <= 0) return NONE; // none exited (or EINTR: asked again next poll)
      const out: number[] = [];
      // Any event counts: POLLIN (exited), POLLHUP (reaped), POLLERR/POLLNVAL (the fd is no use any more).
      for (let i = 0; i < pids.length; i++) if (packed.readInt16LE(i * POLLFD_SIZE + 6) !== 0) out.push(pids[i]!);
      return out;
    },
  };
}
