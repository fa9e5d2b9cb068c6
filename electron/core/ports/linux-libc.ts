import { createRequire } from 'node:module';

/**
 * The few libc calls the Linux scanner makes through koffi (netlink sock_diag, and fstatat for fd
 * counts), loaded once. koffi ships prebuilt binaries in its npm package; when it cannot load, the
 * callers fall back (to /proc/net, to fs.statSync) and `libcProblem()` says why.
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
  errno: () => number;
}>;

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
      errno: () => koffi.errno(),
    };
  } catch (err) {
    libc = null;
    problem = err instanceof Error ? err.message.split('\n')[0]! : String(err);
  }
  return libc;
}

function optional<T>(load: () => T): T | null {
  try {
    return load();
  } catch {
    return null;
  }
}

export const libcProblem = (): string => problem;
