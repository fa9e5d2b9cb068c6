import type { Listener, RawSocket, ScanResult, ScanSource } from './types.js';
import { createNetlinkDumper, type NetlinkDumper } from './linux-netlink.js';
import { readProcNetListeners } from './linux-procnet.js';
import { createOwnerIndex } from './linux-owners.js';
import { userNameForUid } from '../processes/users.js';

export type LinuxSourceOptions = Readonly<{ kernel?: 'auto' | 'netlink' | 'procfs'; procRoot?: string }>;

/**
 * Linux scan: sockets from netlink sock_diag (procfs fallback), owners from the cached index.
 * `scanIfChanged` lets the worker skip sending an identical result.
 */
export type LinuxScanSource = ScanSource & Readonly<{ scanIfChanged(): ScanResult | null }>;

export function createLinuxScanSource(options: LinuxSourceOptions = {}): LinuxScanSource {
  const kernel = options.kernel ?? 'auto';
  let dumper: NetlinkDumper | null = kernel === 'procfs' ? null : createNetlinkDumper();
  if (kernel === 'netlink' && dumper === null) throw new Error('netlink sock_diag is not available here');
  const index = createOwnerIndex(options.procRoot);
  let last: ScanResult | null = null;

  function readSockets(): { sockets: RawSocket[]; source: string } {
    if (dumper !== null) {
      try {
        return { sockets: dumper.dump(), source: 'netlink' };
      } catch {
        // Netlink refused mid-life (seccomp, namespace change): keep working from /proc.
        dumper.close();
        dumper = null;
      }
    }
    return { sockets: readProcNetListeners(options.procRoot), source: 'procfs' };
  }

  function scanIfChanged(): ScanResult | null {
    const { sockets, source } = readSockets();
    const { byInode, changed } = index.attribute(sockets);
    if (!changed && last !== null && last.source === source) return null;
    const listeners: Listener[] = sockets.map((s) => {
      const a = byInode.get(s.inode);
      const first = a?.holders[0];
      return {
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
    });
    listeners.sort(compareListeners);
    last = { listeners, source, takenAt: Date.now() };
    return last;
  }

  return {
    name: 'linux',
    scanIfChanged,
    scan(): ScanResult {
      const fresh = scanIfChanged();
      if (fresh !== null) return fresh;
      return { ...last!, takenAt: Date.now() };
    },
    close(): void {
      dumper?.close();
      dumper = null;
    },
  };
}

export function compareListeners(a: Listener, b: Listener): number {
  return a.port - b.port || a.family - b.family || a.address.localeCompare(b.address);
}
