import { createRequire } from 'node:module';

/**
 * The few libc calls Berth makes through koffi on Linux (netlink sock_diag, fstatat for fd counts,
 * pidfds and poll for owners' exits, mallopt for the host), loaded once. koffi ships prebuilt binaries
 * in its npm package; when it cannot load, the callers fall back (to /proc/net, to fs.statSync, to
 * /proc/<pid>/stat reads) and `libcProblem()` says why.
 */
export type LibcFns = Readonly<{
  socket: (domain: number, type: number, proto: number) => number;
  send: (fd: number, buf: Buffer, len: number, flags: number) => number | bigint;
  // Plain `void *`: koffi hands the Buffer's memory to the call directly; `_Out_` would copy it back.
  recv: (fd: number, buf: Buffer, len: number, flags: number) => number | bigint;
  open: (path: string, flags: number) => number;
  /** Null where libc does not export it (glibc < 2.33 has only __fxstatat). */
  fstatat: ((dirfd: number, path: string, buf: Buffer, flags: number) => number) | null;
  close: (fd: number) => number;
  /** pidfd_open(2) (Linux 5.3); null where neither libc nor the syscall table offers it here. */
  pidfdOpen: ((pid: number) => number) | null;
  /** mallopt(3) (glibc); null elsewhere (musl has none). */
  mallopt: ((param: number, value: number) => number) | null;
  /** malloc_trim(3) (glibc): 1 when memory was returned to the system; null elsewhere. */
  mallocTrim: ((pad: number) => number) | null;
  /** poll(2) over a packed `struct pollfd` array. */
  poll: (fds: Buffer, nfds: number, timeoutMs: number) => number;
  errno: () => number;
}>;

// pidfd_open's number in the generic syscall table, shared by x86_64 and arm64.
const SYS_PIDFD_OPEN = 434;

let libc: LibcFns | null | undefined;
let problem = '';

export function loadLibc(): LibcFns | null {
  if (libc !== undefined) return libc;
  try {
    const require = createRequire(import.meta.url);
    const koffi = require('koffi') as typeof import('koffi');
    const lib = koffi.load('libc.so.6');
    libc = {
      socket: lib.func('int socket(int, int, int)'),
      send: lib.func('long send(int, const void *buf, size_t len, int flags)'),
      recv: lib.func('long recv(int, void *buf, size_t len, int flags)'),
      open: lib.func('int open(const char *path, int flags)'),
      fstatat: optional(() => lib.func('int fstatat(int dirfd, const char *path, void *buf, int flags)')),
      close: lib.func('int close(int)'),
      pidfdOpen: optional(() => pidfdOpenFrom(lib)),
      mallopt: optional(() => lib.func('int mallopt(int param, int value)')),
      mallocTrim: optional(() => lib.func('int malloc_trim(size_t pad)')),
      poll: lib.func('int poll(void *fds, unsigned long nfds, int timeout)'),
      errno: () => koffi.errno(),
    };
  } catch (err) {
    libc = null;
    problem = err instanceof Error ? err.message.split('\n')[0]! : String(err);
  }
  return libc;
}

function pidfdOpenFrom(lib: ReturnType<(typeof import('koffi'))['load']>): (pid: number) => number {
  try {
    const open = lib.func('int pidfd_open(int pid, unsigned int flags)'); // glibc ≥ 2.36
    return (pid) => open(pid, 0) as number;
  } catch {
    if (process.arch !== 'x64' && process.arch !== 'arm64') throw new Error('no pidfd_open here');
    const syscall = lib.func('long syscall(long number, ...)');
    return (pid) => Number(syscall(SYS_PIDFD_OPEN, 'int', pid, 'unsigned int', 0));
  }
}

function optional<T>(load: () => T): T | null {
  try {
    return load();
  } catch {
    return null;
  }
}

export const libcProblem = (): string => problem;

const M_ARENA_MAX = -8;

/**
 * Caps glibc's malloc arenas at two for a long-lived process with several threads (the host: its
 * scanner worker, V8's and libuv's threads). Each thread that meets contention otherwise gets an arena
 * of its own, and their half-used pages add up: 2.5 MiB of the host's RSS at 2000 listeners. Best
 * effort: nothing happens where libc or mallopt cannot be reached.
 */
export function capMallocArenas(): void {
  if (process.platform !== 'linux') return;
  loadLibc()?.mallopt?.(M_ARENA_MAX, 2);
}

/** Returns memory to the system once a burst of work is over; `close` cancels a pending trim. */
export type MallocTrimmer = Readonly<{ activity(): void; close(): void }>;

/**
 * glibc gives back only the free memory at the top of its heap; what a burst of work (start-up, the
 * first scans, a change at 2000 listeners) freed below live blocks stays resident. `activity()` arms
 * one trim `quietMs` later (further activity meanwhile does not postpone it, so a host that is never
 * quiet still trims every `quietMs`); an idle host arms nothing. `trim` is malloc_trim(0) by default,
 * a no-op where glibc's is not reachable. malloc_trim walks the free chunks of every arena: ~4.5 MiB of
 * the host's RSS at 2000 listeners; 0.4 ms of CPU for a 60 MiB heap with nothing left to give back.
 */
export function createMallocTrimmer(
  quietMs: number,
  trim: (() => void) | null = process.platform === 'linux' ? glibcTrim() : null,
): MallocTrimmer {
  let timer: NodeJS.Timeout | undefined;
  return {
    activity() {
      if (trim === null || timer !== undefined) return;
      timer = setTimeout(() => {
        timer = undefined;
        trim();
      }, quietMs);
      timer.unref();
    },
    close() {
      clearTimeout(timer);
      timer = undefined;
    },
  };
}

function glibcTrim(): (() => void) | null {
  const fn = loadLibc()?.mallocTrim ?? null;
  return fn === null ? null : () => void fn(0);
}
