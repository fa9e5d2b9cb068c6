import type { Profile } from '../profiles/schema.js';
import type { LogSlice } from './log-tail.js';
import { adoptAll, adoptMarkedOf } from './adopt.js';
import {
  createContext,
  findInstance,
  listAll,
  persist,
  relayLogs,
  retire,
  update,
  type SupervisorDeps,
} from './context.js';
import { launchNew } from './launch.js';
import { createTicker, tickWhileLive } from './liveness.js';
import { handleChildExit } from './on-exit.js';
import { stopTree } from './stop-tree.js';
import { isLive, type Instance } from './types.js';

export type { SupervisorDeps } from './context.js';

export type StartOptions = Readonly<{ ports?: Readonly<Record<string, number>>; new?: boolean }>;

/**
 * Berth's launched servers (DESIGN.md "supervisor/"). Commands on one profile run one at a time
 * (command-queue.ts); the parts: launch.ts, watch-readiness.ts, on-exit.ts with the pure
 * exit-decision.ts, stop-tree.ts, adopt.ts, liveness.ts (the tick and log relay).
 */
export type Supervisor = Readonly<{
  /**
   * Launches the profile, or returns the copy that already runs (or one found by its marker): never
   * two, unless `new` asks for another instance. `ports` are asked for by name and never fall back.
   */
  start(profile: Profile, options?: StartOptions): Promise<Instance>;
  /** Stops one instance; during a restart backoff, cancels the restart. An ended one is returned as it is. */
  stop(id: string): Promise<Instance>;
  /** Stops every live instance of the profile (in its queue, so a start sent just before is stopped too). */
  stopProfile(name: string): Promise<Instance[]>;
  /**
   * Restarts every instance of the profile, each on the ports it had (moving only a port taken
   * meanwhile); starts one when none runs. Restarts sent together share one outcome.
   */
  restart(profile: Profile): Promise<Instance[]>;
  /** Restarts one instance on its ports. */
  restartInstance(id: string, profile: Profile): Promise<Instance>;
  /** Hides ended instances from `status` (they stay in the history); returns the ids dismissed. */
  dismiss(match: (i: Instance) => boolean): string[];
  /** Re-adopts the servers of an earlier host (records, then environment markers); returns notices. */
  adopt(): Promise<string[]>;
  tick(): Promise<void>;
  list(): Instance[];
  get(id: string): Instance | undefined;
  /** Resolves when the instance is ready, not listening, failed or ended, after `timeoutMs`, or at close(). */
  waitSettled(id: string, timeoutMs: number): Promise<Instance | undefined>;
  logs(id: string, since: number, limit?: number): LogSlice | undefined;
  /** Reads what the log file has now into the tail (followers get it); a first read then matches its cursor. */
  flushLogs(id: string): void;
  close(): void;
}>;

const LOG_POLL_MS = 250;

export function createSupervisor(deps: SupervisorDeps): Supervisor {
  const ctx = createContext(deps);
  ctx.onChildExit = (live, code, signal) => {
    live.child = null;
    void ctx.queue.run(live.inst.profile, () => handleChildExit(ctx, live, code, signal));
  };
  ctx.stopInstance = (id) => {
    const profile = findInstance(ctx, id)?.profile;
    return profile === undefined ? stopNow(id) : ctx.queue.run(profile, () => stopNow(id));
  };
  const tick = createTicker(ctx);
  const ticking = tickWhileLive(ctx, tick, LOG_POLL_MS);

  const liveOf = (profile: string): Instance[] =>
    [...ctx.lives.values()].map((l) => l.inst).filter((i) => i.profile === profile && isLive(i));

  async function startNow(profile: Profile, options: StartOptions): Promise<Instance> {
    const running = liveOf(profile.name)[0] ?? adoptMarkedOf(ctx, profile.name)[0];
    if (running && options.new !== true) return running;
    return launchNew(ctx, profile, options.ports ? { ports: options.ports } : {});
  }

  /** Stops the instance and launches its replacement on the same ports (a port taken meanwhile moves). */
  async function restartNow(id: string, profile: Profile): Promise<Instance> {
    const old = findInstance(ctx, id);
    if (old && isLive(old)) await stopNow(id);
    const ports = old && Object.keys(old.ports).length > 0 ? old.ports : undefined;
    return launchNew(ctx, profile, ports ? { ports, portsMayMove: true } : {});
  }

  async function stopNow(id: string): Promise<Instance> {
    const live = ctx.lives.get(id);
    if (!live) {
      const done = findInstance(ctx, id);
      if (done) return done;
      throw new Error(`No instance ${id}.`);
    }
    live.stopping = true;
    if (live.restartTimer) {
      update(ctx, live, {
        status: 'stopped',
        message: 'Stopped; its restart was cancelled.',
        nextRestartAt: null,
        endedAt: Date.now(),
        pid: null,
      });
      retire(ctx, live);
      return live.inst;
    }
    update(ctx, live, { status: 'stopping' });
    const timeoutS = deps.getProfile(live.inst.profile)?.stopTimeout ?? 10;
    const r = await stopTree(live, timeoutS * 1000);
    deps.reservations.releaseOwner(id);
    if (!r.freed) {
      const why = r.refused.map((x) => x.reason).join('; ') || 'still running or port still bound';
      update(ctx, live, { warnings: [...live.inst.warnings, `Could not stop every process: ${why}.`] });
      return live.inst;
    }
    const message = r.forced ? `Stopped, forced after ${timeoutS} s (SIGKILL).` : 'Stopped.';
    update(ctx, live, {
      status: 'stopped',
      message,
      endedAt: Date.now(),
      pid: null,
      nextRestartAt: null,
      lastLines: live.tail.last(20),
    });
    retire(ctx, live);
    return live.inst;
  }

  async function stopProfileNow(name: string): Promise<Instance[]> {
    const out: Instance[] = [];
    for (const inst of liveOf(name)) out.push(await stopNow(inst.id));
    return out;
  }

  return {
    start: (profile, options = {}) => ctx.queue.run(profile.name, () => startNow(profile, options)),
    stop: (id) => ctx.stopInstance(id),
    stopProfile: (name) => ctx.queue.run(name, () => stopProfileNow(name)),
    restart: (profile) =>
      ctx.queue.coalesce(profile.name, 'restart', async () => {
        const running = liveOf(profile.name);
        if (running.length === 0) return [await launchNew(ctx, profile, {})];
        const out: Instance[] = [];
        for (const inst of running) out.push(await restartNow(inst.id, profile));
        return out;
      }),
    restartInstance: (id, profile) => ctx.queue.coalesce(profile.name, `restart:${id}`, () => restartNow(id, profile)),
    dismiss(match) {
      const ids: string[] = [];
      ctx.ended.forEach((inst, k) => {
        if (inst.dismissed || !match(inst)) return;
        ctx.ended[k] = { ...inst, dismissed: true };
        ids.push(inst.id);
      });
      if (ids.length > 0) persist(ctx);
      return ids;
    },
    adopt: () => adoptAll(ctx),
    tick,
    list: () => listAll(ctx),
    get: (id) => findInstance(ctx, id),
    async waitSettled(id, timeoutMs) {
      const live = ctx.lives.get(id);
      if (live) {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([live.settled, new Promise<void>((r) => (timer = setTimeout(r, timeoutMs)))]);
        clearTimeout(timer);
      }
      return findInstance(ctx, id);
    },
    logs: (id, since, limit) => ctx.lives.get(id)?.tail.since(since, limit),
    flushLogs(id) {
      const live = ctx.lives.get(id);
      if (live) while (relayLogs(ctx, live).length > 0);
    },
    close() {
      ctx.closed = true;
      ticking.stop();
      for (const l of ctx.lives.values()) {
        l.child?.removeAllListeners('exit');
        if (l.restartTimer) clearTimeout(l.restartTimer);
        l.tail.close();
        l.settle(); // waitSettled callers get the instance as it is, instead of a timer past the close
      }
    },
  };
}
