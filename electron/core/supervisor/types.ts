import type { PortAllocation } from '../ports/resolve.js';

export type InstanceStatus = 'starting' | 'ready' | 'not listening' | 'stopping' | 'stopped' | 'crashed' | 'failed';

/** What Berth knows of one launch of a profile; persisted in instances.json (see records.ts). */
export type Instance = Readonly<{
  id: string;
  profile: string;
  status: InstanceStatus;
  pid: number | null;
  pgid: number | null;
  /** Identity stamp of the leader (pid + start time), checked before any signal and at adoption. */
  startKey: string | null;
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
  warnings: readonly string[];
  /** Why it failed, crashed or stopped (shown as is). */
  message: string | null;
  /** The last log lines at a crash. */
  lastLines: readonly string[];
}>;

export const ACTIVE_STATUSES: ReadonlySet<InstanceStatus> = new Set(['starting', 'ready', 'not listening', 'stopping']);

export function isActive(i: Pick<Instance, 'status'>): boolean {
  return ACTIVE_STATUSES.has(i.status);
}
