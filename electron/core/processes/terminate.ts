import {
  getProcessInfo,
  listDescendants,
  listProcesses,
  type ProcessEntry,
  type ProcessTable,
} from './process-table.js';
import { refuseReason, type GuardContext } from './guard.js';
import { checkIdentity, signalVerified, type ProcessIdentity } from './identity.js';
import { currentUserName } from './users.js';

import type { ProcessRef, Refusal, StopSignal, StoppedProcess } from '../../contract/views.js';

export type { ProcessRef, Refusal, StopSignal, StoppedProcess } from '../../contract/views.js';
/** "Are the ports released?" (bindable again): supplied by the layer above, which knows ports. */
export type ReleasedCheck = () => Promise<boolean>;
export type Target = ProcessRef & { id: ProcessIdentity; signals: StopSignal[]; isRoot: boolean; pgid?: number | null };

export const KILL_GRACE_MS = 3_000;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Roots and their descendants, skipping (with a reason) any refused process and its subtree. */
export async function collectTargets(
  roots: readonly number[],
  table: ProcessTable,
  guard: GuardContext,
  refused: Refusal[],
): Promise<Target[]> {
  const out: Target[] = [];
  const skip = new Set<number>();
  for (const root of roots) {
    const entries: ProcessEntry[] = [];
    const rootEntry = table.get(root);
    if (rootEntry) entries.push(rootEntry);
    entries.push(...listDescendants(table, root));
    for (const e of entries) {
      if (skip.has(e.pid) || out.some((t) => t.pid === e.pid)) continue;
      const reason = refuseReason(e.pid, guard);
      if (reason !== null) {
        refused.push({ pid: e.pid, reason });
        skip.add(e.pid);
        for (const d of listDescendants(table, e.pid)) skip.add(d.pid);
        continue;
      }
      const target = await targetFor(e, e.pid === root);
      if (target) out.push(target);
    }
  }
  return out;
}

/** A target for a table entry, or null when it exited or was replaced since the table was read. */
export async function targetFor(e: ProcessEntry, isRoot: boolean): Promise<Target | null> {
  const info = await getProcessInfo(e.pid);
  if (!info || info.startKey !== e.startKey) return null;
  return {
    pid: e.pid,
    process: e.name,
    command: info.command,
    id: { pid: e.pid, startKey: e.startKey },
    signals: [],
    isRoot,
    pgid: info.pgid,
  };
}

export async function signalAll(targets: Target[], signal: StopSignal, refused: Refusal[]): Promise<void> {
  for (const t of targets) {
    const outcome = await signalVerified(t.id, signal);
    if (outcome === 'sent') t.signals.push(signal);
    else if (outcome === 'changed' && !refused.some((r) => r.pid === t.pid))
      refused.push({ pid: t.pid, reason: 'process changed since it was listed; not signalled' });
    else if (outcome === 'denied' && !refused.some((r) => r.pid === t.pid)) {
      const owner = (await getProcessInfo(t.pid))?.user ?? 'another user';
      refused.push({
        pid: t.pid,
        reason:
          `${t.process} (PID ${t.pid}) belongs to ${owner}; ${currentUserName()} may not signal it. ` +
          `Stop it as ${owner}, or use sudo`,
      });
    }
  }
}

/** Polls until every target is gone and the ports are released; returns when, or null at the deadline. */
export async function waitUntilGone(
  targets: readonly Target[],
  released: ReleasedCheck,
  deadline: number,
  pollMs: number,
): Promise<number | null> {
  for (;;) {
    let alive = 0;
    for (const t of targets) if ((await checkIdentity(t.id)) === 'same') alive++;
    if (alive === 0 && (await released())) return Date.now();
    if (Date.now() >= deadline) return null;
    await sleep(pollMs);
  }
}

export type TerminateOptions = Readonly<{
  timeoutMs: number;
  force?: boolean;
  pollMs?: number;
  /**
   * Berth's own instances: each signal goes to this process group as a whole, through `signal`, which
   * verifies a recorded member first and says whether it sent. Targets that were in the group then
   * count as signalled and are not signalled again one by one: a second SIGTERM cuts a graceful
   * `process.once('SIGTERM')` shutdown short (issue 8 §3). Only targets outside the group get their own.
   */
  group?: Readonly<{ pgid: number; signal: (signal: StopSignal) => Promise<boolean> }>;
  guard: GuardContext;
}>;

/**
 * SIGTERM (or SIGKILL with force) to every target, wait for all to exit and the ports to bind,
 * then SIGKILL the survivors plus anything they spawned meanwhile, each after an identity check.
 */
export async function terminate(
  targets: Target[],
  released: ReleasedCheck,
  refused: Refusal[],
  options: TerminateOptions,
): Promise<{ freedAt: number | null; stopped: StoppedProcess[] }> {
  const pollMs = options.pollMs ?? 5;
  const first: StopSignal = options.force === true ? 'SIGKILL' : 'SIGTERM';
  await signalEach(targets, first, refused, options.group);
  let freedAt = await waitUntilGone(
    targets,
    released,
    Date.now() + (options.force === true ? KILL_GRACE_MS : options.timeoutMs),
    pollMs,
  );
  if (freedAt === null) {
    const fresh = await listProcesses();
    const survivors: Target[] = [];
    for (const t of targets) if ((await checkIdentity(t.id)) === 'same') survivors.push(t);
    for (const extra of await collectTargets(
      survivors.map((t) => t.pid),
      fresh,
      options.guard,
      refused,
    )) {
      if (!targets.some((t) => t.pid === extra.pid)) targets.push(extra);
    }
    await signalEach(targets, 'SIGKILL', refused, options.group);
    freedAt = await waitUntilGone(targets, released, Date.now() + KILL_GRACE_MS, pollMs);
  }
  const stopped = targets
    .filter((t) => t.signals.length > 0)
    .map(({ pid, process, command, signals }) => ({
      pid,
      process,
      command,
      signal: signals[signals.length - 1]!,
      signals,
    }));
  return { freedAt, stopped };
}

/** The group signal when it is verified and sent, then the per-process signal for targets outside the group only. */
async function signalEach(
  targets: Target[],
  signal: StopSignal,
  refused: Refusal[],
  group: TerminateOptions['group'],
): Promise<void> {
  const inGroup: Target[] = [];
  for (const t of group !== undefined ? targets : []) {
    // Read now, not at listing: a process that left the group since (setsid) gets its own signal.
    const now = await getProcessInfo(t.pid);
    if (now && now.startKey === t.id.startKey && now.state !== 'Z' && now.pgid === group!.pgid) inGroup.push(t);
  }
  const sent = inGroup.length > 0 && (await group!.signal(signal));
  if (sent) for (const t of inGroup) t.signals.push(signal);
  await signalAll(sent ? targets.filter((t) => !inGroup.includes(t)) : targets, signal, refused);
}
