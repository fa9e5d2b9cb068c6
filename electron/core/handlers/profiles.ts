import { existsSync, statSync } from 'node:fs';
import type { Handlers } from '../../contract/api.js';
import { fail, ok } from '../../contract/result.js';
import type { Profile } from '../../contract/profile.js';
import type { ProfileStore } from '../profiles/store.js';
import { validateProfile } from '../profiles/validate.js';
import { importFolder } from '../profiles/importers.js';
import { ephemeralRange, overlapsEphemeral } from '../ports/ephemeral.js';
import type { InstanceView, NoticeInput } from '../../contract/views.js';
import { findCycle } from '../profiles/start-order.js';
import { findReferences, unknownPlaceholders } from '../profiles/references.js';

type ProfileHandlers = Pick<
  Handlers,
  'profiles.list' | 'profiles.get' | 'profiles.save' | 'profiles.remove' | 'profiles.import'
>;

/** What removing a profile needs to know of its instances (a host wires it to the supervisor). */
export type ProfileInstances = Readonly<{
  running(name: string): readonly InstanceView[];
  stopProfile(name: string): Promise<readonly InstanceView[]>;
}>;

/** profiles.* — the store reports its own changes to the snapshot (store.onChange). */
export function createProfileHandlers(
  profiles: ProfileStore,
  notify?: (n: NoticeInput) => void,
  instances?: ProfileInstances,
): ProfileHandlers {
  return {
    'profiles.list': async () => ok({ profiles: profiles.list() }),
    'profiles.get': async ({ name }) => {
      const p = profiles.get(name);
      return p ? ok(p) : fail('not-found', `No profile named "${name}".`, 'See berth profile ls.');
    },
    'profiles.save': async ({ profile, replace }) => {
      const v = validateProfile(profile);
      if (!v.ok) return v;
      const cycle = findCycle(v.value, profiles.list());
      if (cycle !== null) return fail('bad-input', `after: profiles would wait for each other in a cycle: ${cycle}`);
      const stored = profiles.get(v.value.name);
      const exists = stored !== undefined;
      // Only placeholders this save brings in: a stored profile stays editable whatever it holds.
      const had = new Set(stored ? unknownPlaceholders(stored) : []);
      const unknown = unknownPlaceholders(v.value).filter((x) => !had.has(x));
      if (unknown.length > 0) {
        const vars = v.value.ports.map((p) => p.name).join(', ') || 'none';
        const one = unknown.length === 1;
        const example = v.value.ports[0]?.name ?? 'PORT';
        return fail(
          'bad-input',
          `${unknown.join(', ')}: ${v.value.name} has no port variable ${one ? 'of that name' : 'of those names'} ` +
            `(its variables: ${vars}); the server would get ${one ? 'it' : 'them'} as written`,
          unknown.includes('{PORT}')
            ? `Add PORT as a variable (--port N), or write the variable it should be, e.g. {${example}}.`
            : 'Name one of its port variables, or add that variable with --port NAME=N.',
        );
      }
      if (exists && !replace)
        return fail(
          'bad-input',
          `name: a profile named "${v.value.name}" already exists`,
          `Change it with: berth profile edit ${v.value.name} …`,
        );
      if (!exists && replace) return fail('not-found', `No profile named "${v.value.name}".`);
      const saved = profiles.replaceAll([...profiles.list().filter((p) => p.name !== v.value.name), v.value]);
      if (!saved.ok) return saved;
      const missing = [
        ...v.value.after.filter((n) => profiles.get(n) === undefined),
        ...findReferences(v.value)
          .map((r) => r.profile)
          .filter((n) => profiles.get(n) === undefined),
      ];
      if (missing.length > 0) {
        const names = [...new Set(missing)];
        notify?.({
          level: 'warning',
          kind: 'profile-missing-dependency',
          profile: v.value.name,
          text:
            `Profile ${v.value.name} names ${names.join(', ')} (after, or a {profile.VAR} reference), ` +
            `which ${names.length === 1 ? 'does' : 'do'} not exist yet: add ${names.length === 1 ? 'it' : 'them'} ` +
            `before starting ${v.value.name}.`,
          hint: `Add ${names[0]} with: berth profile add ${names[0]} --cmd …`,
        });
      }
      const risky = overlapsEphemeral(v.value.ports);
      if (risky.length > 0) {
        const [lo, hi] = ephemeralRange();
        notify?.({
          level: 'warning',
          kind: 'profile-ephemeral',
          profile: v.value.name,
          text:
            `Profile ${v.value.name} uses ports in the range the OS hands out to outgoing connections ` +
            `(${lo}-${hi}): ${risky.join(', ')}. Such a port can be taken at any moment.`,
          hint: `Choose ports below ${lo}: berth profile edit ${v.value.name} --port N`,
        });
      }
      return ok(v.value);
    },
    // Removing a running profile would leave instances no command can reach: stop them first, or refuse.
    'profiles.remove': async ({ name, stop }) => {
      if (!profiles.get(name)) return fail('not-found', `No profile named "${name}".`);
      const running = instances?.running(name) ?? [];
      if (running.length > 0 && !stop) {
        return fail(
          'busy',
          `${name} is running (${running.map((i) => i.id).join(', ')}); ` +
            'removing it would leave its servers running out of reach.',
          `Stop it first, or remove it with: berth profile rm ${name} --stop`,
        );
      }
      const stopped = running.length > 0 && instances ? await instances.stopProfile(name) : [];
      const still = stopped.filter((i) => i.status !== 'stopped');
      if (still.length > 0)
        return fail(
          'failed',
          `${name} did not stop (${still.map((i) => `${i.id}: ${i.warnings.at(-1) ?? i.status}`).join('; ')}); ` +
            'the profile is kept.',
        );
      const saved = profiles.replaceAll(profiles.list().filter((p) => p.name !== name));
      if (!saved.ok) return saved;
      return ok(stopped.length > 0 ? { removed: name, stopped } : { removed: name });
    },
    'profiles.import': async ({ dir, apply }) => {
      if (!existsSync(dir)) return fail('bad-input', `dir: folder ${dir} does not exist`, 'Name an existing folder.');
      if (!statSync(dir).isDirectory()) return fail('bad-input', `dir: ${dir} is a file, not a folder`);
      const { drafts, notes, leftAlone, hint } = importFolder(dir);
      const create: { profile: Profile; from: string; note: string }[] = [];
      const skipped: { name: string; from: string; reason: string }[] = [];
      for (const d of drafts) {
        const name = String(d.profile.name);
        if (profiles.get(name)) {
          skipped.push({
            name,
            from: d.from,
            reason: `a profile named "${name}" exists; it is not changed (remove or rename it first)`,
          });
          continue;
        }
        const v = validateProfile(d.profile);
        if (v.ok) create.push({ profile: v.value, from: d.from, note: d.note });
        else skipped.push({ name, from: d.from, reason: v.error.message });
      }
      if (apply && create.length > 0) {
        const saved = profiles.replaceAll([...profiles.list(), ...create.map((c) => c.profile)]);
        if (!saved.ok) return saved;
      }
      return ok({ create, skipped, notes, leftAlone, ...(hint ? { hint } : {}), applied: apply });
    },
  };
}
