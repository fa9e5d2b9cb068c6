import type { Handlers } from '../../contract/api.js';
import { fail, ok, type Result } from '../../contract/result.js';
import type { Profile } from '../../contract/profile.js';
import type { InstanceView } from '../../contract/views.js';
import type { ProfileStore } from '../profiles/store.js';
import type { Supervisor } from '../supervisor/supervisor.js';
import { isActive, toInstanceView, type Instance } from '../supervisor/types.js';
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
  function activeFor(target: string): Instance[] {
    const byId = supervisor.list().filter((i) => i.id === target && isActive(i));
    if (byId.length > 0) return byId;
    const names = new Set(profilesFor(target).map((p) => p.name));
    return supervisor.list().filter((i) => names.has(i.profile) && isActive(i));
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
    'instances.stop': async ({ target }) => {
      const list = activeFor(target);
      if (list.length === 0) return profilesFor(target).length > 0 || supervisor.get(target) ? ok({ instances: [] }) : unknownTarget(target);
      const stopped = await Promise.all(list.map((i) => supervisor.stop(i.id)));
      changed?.();
      return ok({ instances: views(stopped) });
    },
    'instances.restart': async ({ target }) => {
      const list = activeFor(target);
      if (list.length === 0) return unknownTarget(target);
      const stopped = await Promise.all(list.map((i) => supervisor.stop(i.id)));
      const again = [...new Set(stopped.map((i) => i.profile))].map((n) => profiles.get(n)).filter((p): p is Profile => p !== undefined);
      return startProfiles(again, undefined, true);
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
