import type { Profile } from './profile.js';
import type { Settings } from './settings.js';

/**
 * What faces show: the views every face (CLI --json, window, tray) receives. The engine maps its
 * internal records onto these; the README's JSON and the window's data are these definitions.
 */

/** Who holds a listening port, as far as freeing it is concerned (README "Who holds a port"). */
export type HolderClass = 'instance' | 'orphan' | 'user' | 'other-user' | 'system' | 'unknown';

/** What a scan knows of one listening socket and its owner; faces get it with the holder's class. */
export type ListenerFacts = Readonly<{
  port: number;
  address: string;
  family: 4 | 6;
  pid: number | null;
  process: string | null;
  command: string | null;
  user: string | null;
  startTime: number | null;
  /** Why pid is null (another user's process, no permission, …). */
  reason?: string;
}>;

export type ListenerView = ListenerFacts &
  Readonly<{
    holder: HolderClass;
    /** With holder instance / orphan: the profile (and the instance) it belongs to. */
    profile?: string;
    instance?: string;
    /** With holder system: what kind of service it is ("systemd service", "container proxy"). */
    system?: string;
  }>;

export type ScanInfo = Readonly<{
  /** Which kernel interface produced the sockets ("netlink", "procfs", "lsof", "netstat"). */
  source: string;
  takenAt: number;
  /** Set when the scan is unavailable or partial: what failed. */
  degraded?: string;
}>;

export type HolderRef = Readonly<{
  pid: number | null;
  process: string | null;
  command: string | null;
  /** Set when the holder is one of Berth's own running instances (a second `start --new`, another profile). */
  instance?: string;
  profile?: string;
}>;
export type PortSource = 'override' | 'preferred' | 'sticky' | 'env' | 'default';
export type AttemptOutcome = 'free' | 'busy' | 'reserved' | 'excluded' | 'freed';
export type Attempt = Readonly<{
  port: number;
  outcome: AttemptOutcome;
  heldBy?: readonly HolderRef[];
  detail?: string;
}>;

/** How one port variable of an instance got its port. */
export type PortAllocation = Readonly<{
  name: string;
  preferred: number;
  assigned: number;
  source: PortSource;
  attempts: readonly Attempt[];
  /** Who held the preferred port when it was not assigned, else null. */
  heldBy: readonly HolderRef[] | null;
}>;

export type InstanceStatus = 'starting' | 'ready' | 'not listening' | 'stopping' | 'stopped' | 'crashed' | 'failed';

export type InstanceView = Readonly<{
  id: string;
  profile: string;
  status: InstanceStatus;
  pid: number | null;
  /** Assigned port per variable (PORT, VITE_HMR_PORT, …). */
  ports: Readonly<Record<string, number>>;
  /** Ports the tree really listens on, when they differ from the assigned ones. */
  actualPorts: readonly number[];
  allocation: readonly PortAllocation[];
  url: string | null;
  logFile: string;
  command: string;
  cwd: string;
  startedAt: number;
  endedAt: number | null;
  exitCode: number | null;
  signal: string | null;
  restarts: number;
  /** When a crashed instance will be launched again (restart backoff), else null. */
  nextRestartAt: number | null;
  warnings: readonly string[];
  /** Why it failed, crashed or stopped (shown as is). */
  message: string | null;
  /** The last log lines at a crash. */
  lastLines: readonly string[];
}>;

export const ACTIVE_STATUSES: readonly InstanceStatus[] = ['starting', 'ready', 'not listening', 'stopping'];

export function isActive(i: Pick<InstanceView, 'status'>): boolean {
  return ACTIVE_STATUSES.includes(i.status);
}

export type StopSignal = 'SIGTERM' | 'SIGKILL';
export type ProcessRef = Readonly<{ pid: number; process: string; command: string }>;
export type StoppedProcess = ProcessRef & Readonly<{ signal: StopSignal; signals: readonly StopSignal[] }>;
export type Refusal = Readonly<{ pid: number | null; reason: string }>;

export type FreePortResult = Readonly<{
  port: number;
  alreadyFree: boolean;
  freed: boolean;
  stopped: readonly StoppedProcess[];
  refused: readonly Refusal[];
  dryRun: boolean;
  /** With dryRun: what would be signalled. */
  planned?: readonly ProcessRef[];
  /** The port was taken again by a new process under the same parent. */
  respawned?: ProcessRef & Readonly<{ parent: ProcessRef }>;
  /** The holder's class; with `instance`, the Berth instances stopped through the supervisor. */
  holder?: HolderClass;
  instances?: readonly string[];
  message: string;
  hint?: string;
}>;

export type NoticeLevel = 'info' | 'warning' | 'error';

/** Something the user must learn; kept until dismissed (DESIGN.md "State"). */
export type Notice = Readonly<{
  id: string;
  level: NoticeLevel;
  /** ms since the epoch. */
  at: number;
  text: string;
  hint?: string;
  /** What produced it ("profiles-file", "instance-gave-up", "port-taken", "scanner", …): for dedupe and faces. */
  kind: string;
  profile?: string;
  instance?: string;
  port?: number;
}>;

/** What a part of the engine raises; the notice store gives it an id and a time. */
export type NoticeInput = Omit<Notice, 'id' | 'at'>;

/** The engine's one immutable state; every change makes a new one with rev + 1. */
export type Snapshot = Readonly<{
  rev: number;
  listeners: readonly ListenerView[];
  scan: ScanInfo;
  instances: readonly InstanceView[];
  profiles: readonly Profile[];
  notices: readonly Notice[];
  settings: Settings;
}>;
