import type { Handlers } from '../../contract/api.js';
import { fail, ok, type Result } from '../../contract/result.js';
import type { Profile } from '../../contract/profile.js';
import type { InstanceView } from '../../contract/views.js';
import type { ProfileStore } from '../profiles/store.js';
import type { Supervisor } from '../supervisor/supervisor.js';
import { isActive, isLive, toInstanceView, type Instance } from '../supervisor/types.js';
import { readLastLines } from '../supervisor/log-tail.js';
import { toResult } from '../result.js';

type InstanceHandlers = Pick<Handlers, 'instances.start' | 'instances.stop' | 'instances.restart' | 'instances.list' | 'instances.logs'>;

export type InstanceHandlerDeps = Readonly<{
  profiles: ProfileStore;
  supervisor: Supervisor;
  /** Called when a command changed something (the engine scans at once). */
  changed?: () => void;
}>;

/** instances.* — targets are a profile name, a group, or an instance id. */
export function createInstanceHandlers({ profiles, supervisor, changed }: InstanceHandlerDeps): InstanceHandlers {
  function profilesFor(target: string): Profile[] {
    const p = profiles.get(target);
    if (p) return [p];
    return profiles.list().filter((x) => x.group === target);
  }
  /** The profiles a target names: a profile, a group, or the profile of an instance id. */
  function targetProfiles(target: string): Profile[] {
    const named = profilesFor(target);
    if (named.length > 0) return named;
    const inst = supervisor.get(target);
    const p = inst ? profiles.get(inst.profile) : undefined;
    return p ? [p] : [];
  }
  const unknownTarget = <T>(target: string): Result<T> =>
    fail('not-found', `No profile, group or running instance is named "${target}".`, 'See berth profile ls and berth status.');
  const views = (list: readonly Instance[]): InstanceView[] => list.map(toInstanceView);

  async function startProfiles(list: Profile[], port: number | undefined, wait: boolean): Promise<Result<{ instances: InstanceView[] }>> {
    const started: Instance[] = [];
    for (const p of list) {
      try {
        started.push(await supervisor.start(p, port !== undefined ? { port } : {}));
      } catch (err) {
        return toResult(err);
      } finally {
        changed?.();
      }
    }
    if (!wait) return ok({ instances: views(started) });
    const settled = await Promise.all(
      started.map((i) => supervisor.waitSettled(i.id, (profiles.get(i.profile)?.readyTimeout ?? 30) * 1000 + 2000)),
    );
    return ok({ instances: views(settled.map((s, k) => s ?? started[k]!)) });
  }

  return {
    'instances.start': async ({ target, port, wait }) => {
      const list = profilesFor(target);
      if (list.length === 0) return unknownTarget(target);
      return startProfiles(list, port, wait);
    },
    // Both go into the supervisor's queue of each profile before any await, so a stop sent right
    // after a start (or restarts sent together) has one outcome whatever the timing (issue 8 §3).
    'instances.stop': async ({ target }) => {
      const named = profilesFor(target);
      const inst = named.length === 0 ? supervisor.get(target) : undefined;
      if (named.length === 0 && !inst) return unknownTarget(target);
      const pending = inst ? (isLive(inst) ? [supervisor.stop(inst.id).then((i) => [i])] : []) : named.map((p) => supervisor.stopProfile(p.name));
      const stopped = (await Promise.all(pending)).flat();
      changed?.();
      return ok({ instances: views(stopped) });
    },
    'instances.restart': async ({ target }) => {
      const named = profilesFor(target);
      const running = named.filter((p) => supervisor.list().some((i) => i.profile === p.name && isLive(i)));
      // A group restarts what runs of it; a profile or an instance's profile restarts (starts) in any case.
      const list = named.length > 1 ? running : targetProfiles(target);
      if (list.length === 0) return named.length > 0 ? fail('not-found', `Nothing of ${target} is running.`, `Start it: berth start ${target}`) : unknownTarget(target);
      let started: Instance[];
      try {
        started = await Promise.all(list.map((p) => supervisor.restart(p)));
      } finally {
        changed?.();
      }
      const settled = await Promise.all(started.map((i) => supervisor.waitSettled(i.id, (profiles.get(i.profile)?.readyTimeout ?? 30) * 1000 + 2000)));
      return ok({ instances: views(settled.map((s, k) => s ?? started[k]!)) });
    },
    'instances.list': async () => ok({ instances: views(supervisor.list()) }),
    'instances.logs': async ({ id, since, limit }) => {
      const all = supervisor.list();
      const inst = all.findLast((i) => i.id === id || (i.profile === id && isActive(i))) ?? all.findLast((i) => i.profile === id);
      if (!inst) return fail('not-found', `No instance or profile "${id}" has logs.`);
      const slice = supervisor.logs(inst.id, since, limit);
      // The first read comes from the file itself: the in-memory tail may lag a tick behind a flood.
      if (slice && since > 0) return ok({ id: inst.id, ...slice, lines: [...slice.lines], running: true });
      if (slice) {
        const cursor = supervisor.logs(inst.id, Number.MAX_SAFE_INTEGER)?.cursor ?? 0;
        return ok({ id: inst.id, lines: readLastLines(inst.logFile, limit ?? 200), cursor, truncated: false, running: true });
      }
      return ok({ id: inst.id, lines: readLastLines(inst.logFile, limit ?? 200), cursor: since, truncated: false, running: false });
    },
  };
}
