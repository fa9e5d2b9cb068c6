import type { ListenerFacts } from '../../contract/views.js';

/** A listening TCP socket as the kernel reports it, before owner attribution. */
export type RawSocket = Readonly<{
  family: 4 | 6;
  address: string;
  port: number;
  /** Linux socket inode; the key for owner attribution. 0 when the platform has none. */
  inode: number;
  /** Owner uid of the socket (Linux), or null when unknown. */
  uid: number | null;
  /** Owning pid when the platform reports it directly (netstat, lsof). */
  pid?: number;
}>;

/** Who holds a listening socket. */
export type Owner = Readonly<{
  pid: number;
  /** Short process name (comm / image name). */
  process: string;
  /** Full command line as the OS reports it. */
  command: string;
  user: string | null;
  /** Process start, ms since the epoch (for display). */
  startTime: number | null;
  /** Opaque, exact start stamp used for identity checks (see processes/identity.ts). */
  startKey: string;
}>;

/** One listening socket and its owner. Public JSON fields: port..startTime, reason. */
export type Listener = ListenerFacts &
  Readonly<{
    /** Every process holding the socket (forked servers share it); pid is the oldest. */
    holders: readonly Owner[];
    inode: number;
  }>;

export type ScanResult = Readonly<{
  listeners: readonly Listener[];
  /** Which kernel interface produced the sockets ("netlink", "procfs", "lsof", "netstat"). */
  source: string;
  takenAt: number;
}>;

/** A platform-specific way to produce a full scan. Synchronous or async; kept stateful for caching. */
export type ScanSource = Readonly<{
  name: string;
  scan(): ScanResult | Promise<ScanResult>;
  close?(): void;
}>;

/** The listener as faces and `--json` show it, before the holder's class is added. */
export type PublicListener = ListenerFacts;

export function toPublicListener(l: Listener): PublicListener {
  const base = {
    port: l.port,
    address: l.address,
    family: l.family,
    pid: l.pid,
    process: l.process,
    command: l.command,
    user: l.user,
    startTime: l.startTime,
  };
  return l.reason === undefined ? base : { ...base, reason: l.reason };
}
