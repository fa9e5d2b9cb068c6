import { join } from 'node:path';
import type { ScanResult } from '../ports/types.js';
import type { Reservations } from '../ports/reservations.js';
import type { FreeHolder } from '../ports/resolve.js';
import type { Profile } from '../profiles/schema.js';
import type { NoticeInput } from '../../contract/views.js';
import { readBootId } from '../processes/linux-proc.js';
import { createCommandQueue, type CommandQueue } from './command-queue.js';
import { homeIdFor } from './child-env.js';
import { KEEP_ENDED, saveRecords } from './records.js';
import type { Live } from './live.js';
import type { Instance } from './types.js';

/** The instances that have not ended; `onAdd` lets the supervisor tick only while there are any. */
export class LiveMap extends Map<string, Live> {
  onAdd: () => void = () => {};
  override set(id: string, live: Live): this {
    super.set(id, live);
    this.onAdd();
    return this;
  }
}

export type SupervisorDeps = Readonly<{
  dataDir: string;
  scan: () => Promise<ScanResult>;
  reservations: Reservations;
  getProfile: (name: string) => Profile | undefined;
  /** Every profile: automatic port choices skip the ports other profiles pin. */
  listProfiles?: () => readonly Profile[];
  /** Sticky ports: a profile that had to fall back prefers the port it got next time. */
  rememberPort: (profile: string, variable: string, port: number) => void;
  onChange: () => void;
  onLog?: (id: string, lines: readonly string[]) => void;
  /** Things the user must learn (an instance gave up restarting, its port was taken). */
  onNotice?: (notice: NoticeInput) => void;
  freeHolder?: FreeHolder;
  /** Multiplies restart backoff delays (tests use a small value). */
  backoffScale?: number;
}>;

/** The state every part of the supervisor shares; one per supervisor. */
export type SupervisorContext = {
  readonly deps: SupervisorDeps;
  readonly lives: LiveMap;
  readonly ended: Instance[];
  readonly logDir: string;
  readonly bootId: string;
  /** Ties a server's environment marker to this data dir (child-env.ts). */
  readonly homeId: string;
  /** Commands, exits and restarts of one profile run one at a time (issue 8 §3). */
  readonly queue: CommandQueue;
  closed: boolean;
  /** Set by createSupervisor: what a child's exit event runs (on-exit.ts). */
  onChildExit: (live: Live, code: number | null, signal: NodeJS.Signals | null) => void;
  /** Set by createSupervisor: stops one instance in its profile's queue (the free policy stops another profile's). */
  stopInstance: (id: string) => Promise<Instance>;
};

export function createContext(deps: SupervisorDeps): SupervisorContext {
  return {
    deps,
    lives: new LiveMap(),
    ended: [],
    logDir: join(deps.dataDir, 'logs'),
    bootId: process.platform === 'linux' ? readBootId() : 'boot',
    homeId: homeIdFor(deps.dataDir),
    queue: createCommandQueue(),
    closed: false,
    onChildExit: () => {},
    stopInstance: () => Promise.reject(new Error('The supervisor is not ready.')),
  };
}

export function listAll(ctx: SupervisorContext): Instance[] {
  return [...ctx.ended, ...[...ctx.lives.values()].map((l) => l.inst)];
}

export function findInstance(ctx: SupervisorContext, id: string): Instance | undefined {
  return ctx.lives.get(id)?.inst ?? ctx.ended.findLast((i) => i.id === id);
}

/** Writes the records; `quiet` skips the change event (only engine-internal fields changed). */
export function persist(ctx: SupervisorContext, quiet = false): void {
  if (ctx.closed) return; // a host that is going away leaves the records for the next one
  saveRecords(ctx.deps.dataDir, ctx.bootId, listAll(ctx));
  if (!quiet) ctx.deps.onChange();
}

export function update(ctx: SupervisorContext, live: Live, patch: Partial<Instance>): void {
  live.inst = { ...live.inst, ...patch };
  persist(ctx);
}

/** Ends a live instance: its last lines reach followers (logs -f) before the state says it ended. */
export function retire(ctx: SupervisorContext, live: Live): void {
  const last = live.tail.poll();
  if (last.length > 0) ctx.deps.onLog?.(live.inst.id, last);
  live.tail.close();
  if (live.restartTimer) clearTimeout(live.restartTimer);
  live.restartTimer = null;
  if (ctx.lives.get(live.inst.id) === live) ctx.lives.delete(live.inst.id);
  ctx.ended.push(live.inst);
  // A bounded history: `status --all` shows the last KEEP_ENDED.
  if (ctx.ended.length > KEEP_ENDED) ctx.ended.splice(0, ctx.ended.length - KEEP_ENDED);
  live.settle();
  persist(ctx);
}

export function failLive(ctx: SupervisorContext, live: Live, message: string): void {
  ctx.deps.reservations.releaseOwner(live.inst.id);
  update(ctx, live, { status: 'failed', message, endedAt: Date.now(), pid: null, nextRestartAt: null });
  retire(ctx, live);
}

/** New lines of the instance's log, relayed to followers (logs -f) as they are read, whoever reads them. */
export function relayLogs(ctx: SupervisorContext, live: Live): string[] {
  const lines = live.tail.poll();
  if (lines.length > 0) {
    live.onLines?.(lines);
    ctx.deps.onLog?.(live.inst.id, lines);
  }
  return lines;
}
