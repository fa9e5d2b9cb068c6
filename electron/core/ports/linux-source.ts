import type { Listener, RawSocket, ScanResult } from './types.js';
import { createNetlinkDumper, type NetlinkDumper } from './linux-netlink.js';
import { readProcNetListeners } from './linux-procnet.js';
import { createOwnerIndex, type Attribution, type OwnerIndex } from './linux-owners.js';
import { userNameForUid } from '../processes/users.js';

export type LinuxSourceOptions = Readonly<{ kernel?: 'auto' | 'netlink' | 'procfs'; procRoot?: string }>;

/**
 * Linux scan: sockets from netlink sock_diag (procfs fallback), owners from the cached index.
 * An unchanged poll returns the previous ScanResult itself (same reference, nothing rebuilt), so
 * every consumer can skip its own work with one `===`. `takenAt` is when that listener set was read.
 * `scanIfChanged` returns null instead; `index` is exposed for tests and benchmarks.
 */
export type LinuxScanSource = Readonly<{
  name: string;
  scan(): ScanResult;
  scanIfChanged(): ScanResult | null;
  close(): void;
  index: OwnerIndex;
}>;

/** How every scan failure that leaves no kernel interface starts, worker or inline. */
export const UNAVAILABLE = 'Berth cannot read the listening ports';

type Built = { sock: RawSocket; attr: Attribution | undefined; listener: Listener };

export function createLinuxScanSource(options: LinuxSourceOptions = {}): LinuxScanSource {
  const kernel = options.kernel ?? 'auto';
  const opened = kernel === 'procfs' ? { unavailable: 'netlink was not used (kernel: procfs)' } : createNetlinkDumper();
  let dumper: NetlinkDumper | null = 'dump' in opened ? opened : null;
  // Why netlink is not in use, for the error when /proc/net cannot be read either.
  let netlinkProblem = 'unavailable' in opened ? opened.unavailable : '';
  if (kernel === 'netlink' && dumper === null) throw new Error(netlinkProblem);
  const index = createOwnerIndex({ root: options.procRoot ?? '/proc' });
  let last: ScanResult | null = null;
  let lastProcfs: readonly RawSocket[] = [];
  // Listener objects by inode, reused while their socket and attribution are the same objects.
  let built = new Map<number, Built>();

  function readSockets(): { sockets: readonly RawSocket[]; source: string } {
    if (dumper !== null) {
      try {
        return { sockets: dumper.dump(), source: 'netlink' };
      } catch (err) {
        // Netlink refused mid-life (seccomp, namespace change): keep working from /proc.
        netlinkProblem = `netlink sock_diag failed (${err instanceof Error ? err.message : String(err)})`;
        dumper.close();
        dumper = null;
      }
    }
    let fresh: RawSocket[];
    try {
      fresh = readProcNetListeners(options.procRoot);
    } catch (err) {
      // Never an empty list: that would read as "nothing listens" (issue 8 §9).
      throw new Error(`${UNAVAILABLE}: ${netlinkProblem}, and ${err instanceof Error ? err.message : String(err)}`);
    }
    // Hand the index the previous array when nothing differs, as the netlink dumper does.
    if (!sameSockets(fresh, lastProcfs)) lastProcfs = fresh;
    return { sockets: lastProcfs, source: 'procfs' };
  }

  function listenerFor(s: RawSocket, a: Attribution | undefined, next: Map<number, Built>): Listener {
    const b = built.get(s.inode);
    if (b !== undefined && b.attr === a && sameSocket(b.sock, s)) {
      next.set(s.inode, b);
      return b.listener;
    }
    const first = a?.holders[0];
    const listener: Listener = {
      port: s.port,
      address: s.address,
      family: s.family,
      pid: first?.pid ?? null,
      process: first?.process ?? null,
      command: first?.command ?? null,
      user: first?.user ?? userNameForUid(s.uid),
      startTime: first?.startTime ?? null,
      ...(first === undefined ? { reason: a?.reason ?? 'owner unknown' } : {}),
      holders: a?.holders ?? [],
      inode: s.inode,
    };
    next.set(s.inode, { sock: s, attr: a, listener });
    return listener;
  }

  function scanIfChanged(): ScanResult | null {
    const { sockets, source } = readSockets();
    const { byInode, changed } = index.attribute(sockets);
    if (!changed && last !== null && last.source === source) return null;
    const next = new Map<number, Built>();
    const listeners = sockets.map((s) => listenerFor(s, byInode.get(s.inode), next));
    listeners.sort(compareListeners);
    built = next;
    // Same objects in the same order (a reordered dump, an owner that exited holding nothing now):
    // nothing a consumer can see changed.
    if (last !== null && last.source === source && sameItems(listeners, last.listeners)) return null;
    last = { listeners, source, takenAt: Date.now() };
    return last;
  }

  return {
    name: 'linux',
    index,
    scanIfChanged,
    scan: () => scanIfChanged() ?? last!,
    close(): void {
      dumper?.close();
      dumper = null;
      index.close();
    },
  };
}

/** By port, family, then address in code-unit order (localeCompare would cost ~1 µs per comparison). */
export function compareListeners(a: Listener, b: Listener): number {
  return a.port - b.port || a.family - b.family || (a.address < b.address ? -1 : a.address > b.address ? 1 : 0);
}

function sameSocket(a: RawSocket, b: RawSocket): boolean {
  return (
    a === b ||
    (a.inode === b.inode && a.port === b.port && a.family === b.family && a.address === b.address && a.uid === b.uid)
  );
}

function sameSockets(a: readonly RawSocket[], b: readonly RawSocket[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!sameSocket(a[i]!, b[i]!)) return false;
  return true;
}

function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
