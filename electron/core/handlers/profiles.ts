import type { Handlers } from '../../contract/api.js';
import { fail, ok } from '../../contract/result.js';
import type { Profile } from '../../contract/profile.js';
import type { ProfileStore } from '../profiles/store.js';
import { validateProfile } from '../profiles/validate.js';
import { importFolder } from '../profiles/importers.js';
import { ephemeralRange, overlapsEphemeral } from '../ports/ephemeral.js';
import type { NoticeInput } from '../../contract/views.js';

type ProfileHandlers = Pick<Handlers, 'profiles.list' | 'profiles.get' | 'profiles.save' | 'profiles.remove' | 'profiles.import'>;

/** profiles.* — the store reports its own changes to the snapshot (store.onChange). */
export function createProfileHandlers(profiles: ProfileStore, notify?: (n: NoticeInput) => void): ProfileHandlers {
  return {
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
      const saved = profiles.replaceAll([...profiles.list().filter((p) => p.name !== v.value.name), v.value]);
      if (!saved.ok) return saved;
      const risky = overlapsEphemeral(v.value.ports);
      if (risky.length > 0) {
        const [lo, hi] = ephemeralRange();
        notify?.({
          level: 'warning',
          kind: 'profile-ephemeral',
          profile: v.value.name,
          text: `Profile ${v.value.name} uses ports in the range the OS hands out to outgoing connections (${lo}-${hi}): ${risky.join(', ')}. Such a port can be taken at any moment.`,
          hint: `Choose ports below ${lo}: berth profile edit ${v.value.name} --port N`,
        });
      }
      return ok(v.value);
    },
    'profiles.remove': async ({ name }) => {
      if (!profiles.get(name)) return fail('not-found', `No profile named "${name}".`);
      const saved = profiles.replaceAll(profiles.list().filter((p) => p.name !== name));
      return saved.ok ? ok({ removed: name }) : saved;
    },
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
        const saved = profiles.replaceAll([...profiles.list(), ...create.map((c) => c.profile)]);
        if (!saved.ok) return saved;
      }
      return ok({ create, skipped, notes, applied: apply });
    },
  };
}
