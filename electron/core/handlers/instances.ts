import type { Handlers } from '../../contract/api.js';
import { fail, ok, type Result } from '../../contract/result.js';
import type { Profile } from '../../contract/profile.js';
import type { InstanceView } from '../../contract/views.js';
import type { ProfileStore } from '../profiles/store.js';
import { dependents, startOrder } from '../profiles/start-order.js';
import type { Supervisor } from '../supervisor/supervisor.js';
import { isActive, isLive, toInstanceView, type Instance } from '../supervisor/types.js';
import { readLastLines } from '../supervisor/log-tail.js';
import { BerthFailure } from '../result.js';
import { statusView } from '../supervisor/status-view.js';

type InstanceHandlers = Pick<
  Handlers,
  'instances.start' | 'instances.stop' | 'instances.restart' | 'instances.list' | 'instances.logs' | 'instances.dismiss'
>;

export type InstanceHandlerDeps = Readonly<{
  profiles: ProfileStore;
  supervisor: Supervisor;
  /** Called when a command changed something (the engine scans at once). */
  changed?: () => void;
}>;

type Launch = (p: Profile) => Promise<Instance[]>;

/** instances.* — targets are a profile name, a group, or an instance id. */
export function createInstanceHandlers({ profiles, supervisor, changed }: InstanceHandlerDeps): InstanceHandlers {
  const get = (name: string): Profile | undefined => profiles.get(name);
  function profilesFor(target: string): Profile[] {
    const p = profiles.get(target);
    if (p) return [p];
    return profiles.list().filter((x) => x.group === target);
  }
  const unknownTarget = <T>(target: string): Result<T> =>
    fail(
      'not-found',
      `No profile, group or running instance is named "${target}".`,
      'See berth profile ls and berth status.',
    );
  const views = (list: readonly Instance[]): InstanceView[] => list.map(toInstanceView);
  const settle = async (list: readonly Instance[]): Promise<Instance[]> =>
    (
      await Promise.all(
        list.map((i) => supervisor.waitSettled(i.id, (get(i.profile)?.readyTimeout ?? 30) * 1000 + 2000)),
      )
    ).map((s, k) => s ?? list[k]!);

  /**
   * Starts the targets after what they wait for (`after`, port references): a dependency is started
   * first and must be ready before the profiles waiting for it are launched.
   */
  async function launchInOrder(
    targets: Profile[],
    launch: Launch,
    startDep: Launch,
    wait: boolean,
  ): Promise<Result<{ instances: InstanceView[] }>> {
    const named = new Set(targets.map((t) => t.name));
    // A cycle or a missing dependency throws a BerthFailure: the dispatcher turns it into the answer.
    const order = startOrder(targets, get);
    const waitedFor = dependents(order, get);
    const started: Instance[] = [];
    try {
      for (const p of order) {
        const list = await (named.has(p.name) ? launch(p) : startDep(p));
        changed?.();
        const waiting = waitedFor.get(p.name) ?? [];
        if (waiting.length === 0) {
          if (named.has(p.name)) started.push(...list);
          continue;
        }
        const settled = await settle(list);
        const bad = settled.find((i) => i.status !== 'ready');
        if (bad) {
          const why = `${bad.status}${bad.message ? `: ${bad.message}` : ''}`;
          throw new BerthFailure({
            code: 'failed',
            message:
              `${waiting.join(', ')} ${waiting.length === 1 ? 'waits' : 'wait'} for ${p.name}, ` +
              `which is not ready (${why}); ${waiting.join(', ')} not started.`,
            hint: `See its output: berth logs ${p.name}`,
          });
        }
        // A dependency it started (or found running) is in the answer too: the user learns where it runs.
        started.push(...settled);
      }
    } finally {
      changed?.();
    }
    return ok({ instances: views(wait ? await settle(started) : started) });
  }

  /** `port` names the first variable, `ports` any by name; a name the profile lacks is an error. */
  function portsFor(
    p: Profile,
    port: number | undefined,
    ports: Readonly<Record<string, number>> | undefined,
  ): Record<string, number> | undefined {
    const out: Record<string, number> = { ...ports };
    const first = p.ports[0]?.name;
    if (port !== undefined && first) out[first] = port;
    const unknown = Object.keys(out).find((n) => !p.ports.some((s) => s.name === n));
    if (unknown || (port !== undefined && !first)) {
      const has = p.ports.map((s) => s.name).join(', ') || 'no port variable';
      throw new BerthFailure({
        code: 'bad-input',
        message: `port: ${p.name} has no port variable ${unknown ?? 'to set'} (it has ${has}).`,
      });
    }
    return Object.keys(out).length > 0 ? out : undefined;
  }

  return {
    'instances.start': async ({ target, port, ports, wait, new: another }) => {
      const list = profilesFor(target);
      if (list.length === 0) return unknownTarget(target);
      if ((port !== undefined || ports !== undefined) && list.length > 1) {
        return fail(
          'bad-input',
          `port: ${target} is a group; a port is given to one profile at a time.`,
          `Start one: berth start ${list[0]!.name} --port …`,
        );
      }
      const before = new Set(
        supervisor
          .list()
          .filter(isLive)
          .map((i) => i.id),
      );
      const asked = list.length === 1 ? portsFor(list[0]!, port, ports) : undefined;
      const launch: Launch = async (p) => [
        await supervisor.start(p, { ...(asked ? { ports: asked } : {}), new: another }),
      ];
      const startDep: Launch = async (p) => [await supervisor.start(p)];
      const r = await launchInOrder(list, launch, startDep, wait);
      if (!r.ok) return r;
      // Dependencies are reported when this start launched them, not when they were already running.
      const named = new Set(list.map((p) => p.name));
      const instances = r.value.instances.filter((i) => named.has(i.profile) || !before.has(i.id));
      const already = instances.filter((i) => before.has(i.id)).map((i) => i.id);
      return ok(already.length > 0 ? { instances, already } : { instances });
    },
    // Both go into the supervisor's queue of each profile before any await, so a stop sent right
    // after a start (or restarts sent together) has one outcome whatever the timing (issue 8 §3).
    'instances.stop': async ({ target }) => {
      const named = profilesFor(target);
      const inst = named.length === 0 ? supervisor.get(target) : undefined;
      if (named.length === 0 && !inst) return unknownTarget(target);
      const pending = inst
        ? isLive(inst)
          ? [supervisor.stop(inst.id).then((i) => [i])]
          : []
        : named.map((p) => supervisor.stopProfile(p.name));
      const stopped = (await Promise.all(pending)).flat();
      changed?.();
      return ok({ instances: views(stopped) });
    },
    // A profile restarts every instance of it on its own ports; a stopped profile or group is started.
    'instances.restart': async ({ target }) => {
      const named = profilesFor(target);
      if (named.length === 0) {
        const inst = supervisor.get(target);
        const p = inst ? get(inst.profile) : undefined;
        if (!inst || !p) return unknownTarget(target);
        const launch: Launch = async (x) =>
          x.name === p.name ? [await supervisor.restartInstance(inst.id, x)] : [await supervisor.start(x)];
        return launchInOrder([p], launch, async (x) => [await supervisor.start(x)], true);
      }
      return launchInOrder(
        named,
        (p) => supervisor.restart(p),
        async (p) => [await supervisor.start(p)],
        true,
      );
    },
    'instances.list': async ({ scope }) =>
      ok({ instances: views(scope === 'status' ? statusView(supervisor.list()) : supervisor.list()) }),
    'instances.dismiss': async ({ target, all }) => {
      const inst = target !== undefined ? supervisor.get(target) : undefined;
      const match = (i: Instance): boolean => all || i.id === target || (inst === undefined && i.profile === target);
      if (!all && inst === undefined && !profiles.get(target!) && !supervisor.list().some(match))
        return unknownTarget(target!);
      const dismissed = supervisor.dismiss(match);
      return ok({ dismissed });
    },
    'instances.logs': async ({ id, since, limit }) => {
      const all = supervisor.list();
      const inst =
        all.findLast((i) => i.id === id || (i.profile === id && isActive(i))) ?? all.findLast((i) => i.profile === id);
      if (!inst) return fail('not-found', `No instance or profile "${id}" has logs.`);
      const slice = supervisor.logs(inst.id, since, limit);
      // The first read comes from the file itself: the in-memory tail may lag a tick behind a flood.
      if (slice && since > 0) return ok({ id: inst.id, ...slice, lines: [...slice.lines], running: true });
      if (slice) {
        // The tail catches up with the file first: lines read from the file are then all below the cursor.
        supervisor.flushLogs(inst.id);
        const cursor = supervisor.logs(inst.id, Number.MAX_SAFE_INTEGER)?.cursor ?? 0;
        return ok({
          id: inst.id,
          lines: readLastLines(inst.logFile, limit ?? 200),
          cursor,
          truncated: false,
          running: true,
        });
      }
      return ok({
        id: inst.id,
        lines: readLastLines(inst.logFile, limit ?? 200),
        cursor: since,
        truncated: false,
        running: false,
      });
    },
  };
}
