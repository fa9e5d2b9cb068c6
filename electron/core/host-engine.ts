import type { Handlers } from '../contract/api.js';
import { createEngine, type Engine } from './engine.js';
import { fail, ok, toResult, type Result } from './result.js';
import { openProfileStore, type OpenConf, type ProfileStore } from './profiles/store.js';
import { validateProfile } from './profiles/validate.js';
import type { Profile } from './profiles/schema.js';
import { createSupervisor, type Supervisor } from './supervisor/supervisor.js';
import { isActive, type Instance } from './supervisor/types.js';
import { createStateStore, type StateStore } from './state/snapshot.js';
import { toPublicListener } from './ports/types.js';
import { readLastLines } from './supervisor/log-tail.js';
import { importFolder } from './profiles/importers.js';

/**
 * The engine a host owns: the port engine plus profiles, the supervisor and the snapshot. The CLI's
 * port commands use the plain engine in-process; everything that writes goes through one host.
 */
export type HostEngine = Readonly<{ handlers: Handlers; state: StateStore; supervisor: Supervisor; profiles: ProfileStore; engine: Engine; poll(): Promise<void>; close(): Promise<void> }>;

export async function createHostEngine(options: Readonly<{ dataDir: string; openConf?: OpenConf; backoffScale?: number }>): Promise<HostEngine> {
  const engine = createEngine({ scannerOptions: { mode: 'worker' } });
  const profiles = await openProfileStore(options.dataDir, options.openConf);
  const scan = () => engine.scanner.scan();
  const state = createStateStore({ listeners: [], instances: [], profiles: profiles.list(), notices: [...profiles.notices] });
  const supervisor = createSupervisor({
    dataDir: options.dataDir,
    scan,
    reservations: engine.reservations,
    getProfile: (name) => profiles.get(name),
    rememberPort: (name, variable, port) => {
      const p = profiles.get(name);
      if (!p) return;
      profiles.replaceAll(profiles.list().map((x) => (x.name !== name ? x : { ...x, ports: x.ports.map((s) => (s.name === variable ? { ...s, sticky: port } : s)) })));
      state.update({ profiles: profiles.list() });
    },
    onChange: () => state.update({ instances: supervisor.list() }),
    ...(options.backoffScale !== undefined ? { backoffScale: options.backoffScale } : {}),
  });
  const adoptNotices = await supervisor.adopt();
  if (adoptNotices.length > 0) state.update({ notices: [...state.get().notices, ...adoptNotices] });
  // autostart: profiles marked so start with the host, unless an adopted instance already runs them.
  for (const p of profiles.list().filter((x) => x.autostart)) {
    if (supervisor.list().some((i) => i.profile === p.name && isActive(i))) continue;
    supervisor.start(p).catch((err: unknown) => state.update({ notices: [...state.get().notices, `Autostart of ${p.name} failed: ${err instanceof Error ? err.message : String(err)}`] }));
  }

  /** profile name, instance id or group → instances / profiles. */
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
  const unknownTarget = <T>(target: string): Result<T> => fail('not-found', `No profile, group or running instance is named "${target}".`, 'See berth profile ls and berth status.');

  async function startProfiles(list: Profile[], port: number | undefined, wait: boolean): Promise<Result<{ instances: Instance[] }>> {
    const started: Instance[] = [];
    for (const p of list) {
      try {
        started.push(await supervisor.start(p, port !== undefined ? { port } : {}));
      } catch (err) {
        return toResult(err);
      }
    }
    if (!wait) return ok({ instances: started });
    const settled = await Promise.all(started.map((i) => supervisor.waitSettled(i.id, (profiles.get(i.profile)?.readyTimeout ?? 30) * 1000 + 2000)));
    return ok({ instances: settled.map((s, k) => s ?? started[k]!) });
  }

  const handlers: Handlers = {
    ...engine.handlers,
    'profiles.list': async () => ok({ profiles: profiles.list() }),
    'profiles.get': async ({ name }) => {
      const p = profiles.get(name);
      return p ? ok(p) : fail('not-found', `No profile named "${name}".`, 'See berth profile ls.');
    },
    'profiles.save': async ({ profile, replace }) => {
      const v = validateProfile(profile);
      if (!v.ok) return v;
      const exists = profiles.get(v.value.name) !== undefined;
      if (exists && !replace) return fail('bad-input', `name: a profile named "${v.value.name}" already exists`, `Change it with: berth profile edit ${v.value.name} …`);
      if (!exists && replace) return fail('not-found', `No profile named "${v.value.name}".`);
      profiles.replaceAll([...profiles.list().filter((p) => p.name !== v.value.name), v.value]);
      state.update({ profiles: profiles.list() });
      return ok(v.value);
    },
    'profiles.remove': async ({ name }) => {
      if (!profiles.get(name)) return fail('not-found', `No profile named "${name}".`);
      profiles.replaceAll(profiles.list().filter((p) => p.name !== name));
      state.update({ profiles: profiles.list() });
      return ok({ removed: name });
    },
    'instances.start': async ({ target, port, wait }) => {
      const list = profilesFor(target);
      if (list.length === 0) return unknownTarget(target);
      return startProfiles(list, port, wait);
    },
    'instances.stop': async ({ target }) => {
      const list = activeFor(target);
      if (list.length === 0) return profilesFor(target).length > 0 || supervisor.get(target) ? ok({ instances: [] }) : unknownTarget(target);
      return ok({ instances: await Promise.all(list.map((i) => supervisor.stop(i.id))) });
    },
    'instances.restart': async ({ target }) => {
      const list = activeFor(target);
      if (list.length === 0) return unknownTarget(target);
      const stopped = await Promise.all(list.map((i) => supervisor.stop(i.id)));
      const again = [...new Set(stopped.map((i) => i.profile))].map((n) => profiles.get(n)).filter((p): p is Profile => p !== undefined);
      return startProfiles(again, undefined, true);
    },
    'instances.list': async () => ok({ instances: supervisor.list() }),
    'instances.logs': async ({ id, since, limit }) => {
      const inst = supervisor.list().findLast((i) => i.id === id || (i.profile === id && isActive(i))) ?? supervisor.list().findLast((i) => i.profile === id);
      if (!inst) return fail('not-found', `No instance or profile "${id}" has logs.`);
      const slice = supervisor.logs(inst.id, since, limit);
      // The first read comes from the file itself: the in-memory tail may lag a tick behind a flood.
      if (slice && since > 0) return ok({ id: inst.id, ...slice, lines: [...slice.lines], running: true });
      if (slice) return ok({ id: inst.id, lines: readLastLines(inst.logFile, limit ?? 200), cursor: supervisor.logs(inst.id, Number.MAX_SAFE_INTEGER)?.cursor ?? 0, truncated: false, running: true });
      const lines = readLastLines(inst.logFile, limit ?? 200);
      return ok({ id: inst.id, lines, cursor: since, truncated: false, running: false });
    },
    'state.get': async () => ok(state.get()),
    'profiles.import': async ({ dir, apply }) => {
      const { drafts, notes } = importFolder(dir);
      const create: { profile: Profile; from: string; note: string }[] = [];
      const skipped: { name: string; from: string; reason: string }[] = [];
      for (const d of drafts) {
        const name = String(d.profile.name);
        if (profiles.get(name)) {
          skipped.push({ name, from: d.from, reason: `a profile named "${name}" exists; it is not changed (remove or rename it first)` });
          continue;
        }
        const v = validateProfile(d.profile);
        if (v.ok) create.push({ profile: v.value, from: d.from, note: d.note });
        else skipped.push({ name, from: d.from, reason: v.error.message });
      }
      if (apply && create.length > 0) {
        profiles.replaceAll([...profiles.list(), ...create.map((c) => c.profile)]);
        state.update({ profiles: profiles.list() });
      }
      return ok({ create, skipped, notes, applied: apply });
    },
  };

  return {
    handlers, state, supervisor, profiles, engine,
    async poll() {
      const r = await scan();
      const current = state.get().listeners;
      const next = r.listeners.map(toPublicListener);
      if (next.length !== current.length || next.some((l, i) => l.port !== current[i]?.port || l.pid !== current[i]?.pid || l.address !== current[i]?.address)) state.update({ listeners: next });
    },
    async close() {
      supervisor.close();
      await engine.close();
    },
  };
}
