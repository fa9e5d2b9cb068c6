import type { Listener, ScanResult } from '../ports/types.js';
import type { FreePortResult, ProcessRef, Refusal, StoppedProcess } from '../../contract/views.js';
import { collectTargets, terminate, waitUntilGone } from '../processes/terminate.js';
import { checkBindable } from '../ports/free-check.js';
import { findHolderPids } from '../ports/linux-owners.js';
import { describeHolder } from '../ports/describe.js';
import {
  getProcessInfo,
  listDescendants,
  listProcesses,
  type ProcessEntry,
  type ProcessTable,
} from '../processes/process-table.js';
import { createGuardContext, isSessionProcess } from '../processes/guard.js';
import { checkIdentity } from '../processes/identity.js';
import { killWin32Tree } from '../processes/win32-kill.js';

export type { ProcessRef, Refusal, StoppedProcess, StopSignal } from '../../contract/views.js';

export type FreeOptions = Readonly<{
  timeoutMs?: number;
  /** SIGKILL at once instead of SIGTERM and a wait. */
  force?: boolean;
  /** Stop the holder's parent (a watcher that respawns it) and its whole tree. */
  parent?: boolean;
  dryRun?: boolean;
  /** How long to watch for a respawn by the same parent after the port is free (0: do not watch). */
  respawnWindowMs?: number;
  pollMs?: number;
}>;

export type FreeResult = FreePortResult &
  Readonly<{
    /** Date.now() when the port was seen bindable with every target gone. */
    freedAt: number | null;
  }>;

export type FreeDeps = Readonly<{ scan: () => Promise<ScanResult> }>;

export const DEFAULT_STOP_TIMEOUT_MS = 10_000;
export const DEFAULT_RESPAWN_WINDOW_MS = 2_000;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function refOf(p: { pid: number; name: string }, info?: { command: string } | null): ProcessRef {
  return { pid: p.pid, process: p.name, command: info?.command ?? p.name };
}

/**
 * Stops whoever listens on `port`: the holder(s) and their descendants (read from the OS before any
 * signal; never the holder's process group, which may be the user's terminal job), SIGTERM, wait
 * for exit and a bindable port, SIGKILL survivors after the timeout. Every signal is preceded by
 * an identity check.
 */
export async function freePort(port: number, options: FreeOptions, deps: FreeDeps): Promise<FreeResult> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_STOP_TIMEOUT_MS;
  const pollMs = options.pollMs ?? 5;
  const dryRun = options.dryRun === true;
  const scan = await deps.scan();
  const holders = scan.listeners.filter((l) => l.port === port);
  const base = { port, dryRun, freedAt: null };
  const released = async (): Promise<boolean> => (await checkBindable(port)).ok;

  if (holders.length === 0) {
    const bind = await checkBindable(port);
    if (bind.ok)
      return {
        ...base,
        alreadyFree: true,
        freed: true,
        stopped: [],
        refused: [],
        message: `Port ${port} is already free.`,
        freedAt: Date.now(),
      };
    return {
      ...base,
      alreadyFree: false,
      freed: false,
      stopped: [],
      refused: [],
      message:
        `No process is listed on port ${port}, yet it cannot be bound ` +
        `(${bind.failed?.code} on ${bind.failed?.host}).`,
      hint: 'It may be held in another network namespace or container; stop it there.',
    };
  }

  const refused: Refusal[] = [];
  for (const l of holders)
    if (l.pid === null)
      refused.push({ pid: null, reason: `Port ${port} (${l.address}) is held by ${describeHolder(l)}` });

  const table = await listProcesses();
  const guard = createGuardContext(table);
  const rootPids = holderPids(holders, table);
  let roots = rootPids;
  if (options.parent === true) {
    // `--parent` stops the holder's parent too: where there is none to stop (init, Berth, a shell or a
    // terminal), the holder is still stopped and only the parent is left alone.
    roots = [];
    for (const pid of rootPids) {
      const parent = table.get(table.get(pid)?.ppid ?? -1);
      let root = pid;
      if (parent && parent.pid > 1 && parent.pid !== process.pid) {
        if (!isSessionProcess(parent.name)) root = parent.pid;
        else
          refused.push({
            pid: parent.pid,
            reason:
              `${parent.name} (PID ${parent.pid}), the parent of the holder (PID ${pid}), is a shell or ` +
              'terminal, not a watcher: left running',
          });
      }
      if (!roots.includes(root)) roots.push(root);
    }
  }

  const targets = await collectTargets(roots, table, guard, refused);
  if (dryRun) {
    const planned = targets.map(({ pid, process, command }) => ({ pid, process, command }));
    return {
      ...base,
      alreadyFree: false,
      freed: false,
      stopped: [],
      refused,
      planned,
      message: planMessage(port, planned, options.force === true),
    };
  }
  if (targets.length === 0) {
    return {
      ...base,
      alreadyFree: false,
      freed: false,
      stopped: [],
      refused,
      message: `Port ${port} is still in use: Berth may not stop its holder.`,
      ...hintFor(port, refused),
    };
  }

  let freedAt: number | null;
  let stopped: readonly StoppedProcess[];
  if (process.platform === 'win32') {
    await killWin32Tree(
      targets.filter((t) => t.isRoot).map((t) => t.pid),
      options.force === true,
    );
    freedAt = await waitUntilGone(targets, released, Date.now() + timeoutMs, pollMs);
    stopped = targets.map(({ pid, process, command }) => ({
      pid,
      process,
      command,
      signal: 'SIGKILL',
      signals: ['SIGKILL'],
    }));
  } else {
    ({ freedAt, stopped } = await terminate(targets, released, refused, {
      timeoutMs,
      force: options.force === true,
      pollMs,
      guard,
    }));
  }

  if (freedAt === null) {
    return {
      ...base,
      alreadyFree: false,
      freed: false,
      stopped,
      refused,
      message: `Port ${port} is still in use after stopping ${stopped.length} process(es).`,
      ...hintFor(port, refused),
    };
  }

  const respawned = await watchRespawn(port, rootPids, table, options, deps);
  if (respawned) {
    return {
      ...base,
      alreadyFree: false,
      freed: false,
      stopped,
      refused,
      freedAt,
      respawned,
      message:
        `Port ${port} was taken again by ${respawned.process} (PID ${respawned.pid}), ` +
        `started by ${respawned.parent.process} (PID ${respawned.parent.pid}).`,
      hint: `Stop the watcher too: berth free ${port} --parent`,
    };
  }
  return {
    ...base,
    alreadyFree: false,
    freed: true,
    stopped,
    refused,
    freedAt,
    message: `Port ${port} is free (stopped ${stopped.length} process${stopped.length === 1 ? '' : 'es'}).`,
  };
}

/** Linux: every process holding the socket now (a forked child shares it); elsewhere the scan's owner. */
function holderPids(holders: readonly Listener[], table: ProcessTable): number[] {
  const pids = new Set<number>();
  if (process.platform === 'linux') {
    for (const list of findHolderPids(holders.map((h) => h.inode)).values()) for (const p of list) pids.add(p);
  }
  for (const h of holders) for (const o of h.holders) if (table.has(o.pid)) pids.add(o.pid);
  // Holders that descend from another holder are reached through it.
  const all = [...pids];
  return all.filter((p) => !all.some((q) => q !== p && listDescendants(table, q).some((d) => d.pid === p)));
}

async function watchRespawn(
  port: number,
  rootPids: readonly number[],
  table: ProcessTable,
  options: FreeOptions,
  deps: FreeDeps,
): Promise<FreeResult['respawned'] | undefined> {
  const windowMs = options.respawnWindowMs ?? DEFAULT_RESPAWN_WINDOW_MS;
  if (windowMs <= 0 || options.parent === true) return undefined;
  const parents = new Map<number, ProcessEntry>();
  for (const pid of rootPids) {
    const parent = table.get(table.get(pid)?.ppid ?? -1);
    // The Berth host is never offered as a watcher to stop (its instances are stopped through it).
    if (
      parent &&
      parent.pid > 1 &&
      parent.pid !== process.pid &&
      (await checkIdentity({ pid: parent.pid, startKey: parent.startKey })) === 'same'
    )
      parents.set(parent.pid, parent);
  }
  if (parents.size === 0) return undefined;
  const end = Date.now() + windowMs;
  while (Date.now() < end) {
    await sleep(100);
    for (const l of (await deps.scan()).listeners) {
      if (l.port !== port || l.pid === null) continue;
      const info = await getProcessInfo(l.pid);
      const parent = info ? parents.get(info.ppid) : undefined;
      if (info && parent) {
        const parentInfo = await getProcessInfo(parent.pid);
        return { ...refOf(info, info), parent: refOf(parent, parentInfo) };
      }
    }
  }
  return undefined;
}

function planMessage(port: number, planned: readonly ProcessRef[], force: boolean): string {
  if (planned.length === 0) return `Nothing Berth may stop holds port ${port}.`;
  const list = planned.map((p) => `${p.process} (PID ${p.pid})`).join(', ');
  return `Would send ${force ? 'SIGKILL' : 'SIGTERM'} to ${list} to free port ${port}.`;
}

function hintFor(port: number, refused: readonly Refusal[]): { hint?: string } {
  if (refused.some((r) => r.reason.includes('may not signal') || r.reason.includes('cannot see its process')))
    return { hint: `Run as the owning user, or: sudo berth free ${port}` };
  return refused.length > 0 ? { hint: 'See the refused processes above.' } : {};
}
