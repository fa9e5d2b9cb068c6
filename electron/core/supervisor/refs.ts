import type { Profile } from '../profiles/schema.js';
import { findReferences } from '../profiles/references.js';
import { BerthFailure } from '../result.js';
import { isLive, type Instance } from './types.js';

/**
 * Resolves each reference to a profile Berth knows from its running instance. A name that is no
 * profile stays as written (it may be text that only looks like one); a profile that does not run,
 * or has no such variable, is an error that says what to start.
 */
export function resolveReferences(
  profile: Profile,
  known: (name: string) => Profile | undefined,
  instances: readonly Instance[],
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const ref of findReferences(profile)) {
    const target = known(ref.profile);
    if (!target) continue;
    const running = instances.find((i) => i.profile === ref.profile && isLive(i) && i.status !== 'stopping');
    if (!running) {
      throw new BerthFailure({
        code: 'not-found',
        message: `${profile.name} refers to {${ref.key}}, but ${ref.profile} is not running.`,
        hint:
          `Start it first (berth start ${ref.profile}), or let ${profile.name} wait for it: ` +
          `berth profile edit ${profile.name} --after ${ref.profile}`,
      });
    }
    const port = running.ports[ref.variable];
    if (port === undefined) {
      const has = Object.keys(running.ports).join(', ') || 'no port variable';
      throw new BerthFailure({
        code: 'bad-input',
        message:
          `${profile.name} refers to {${ref.key}}, but ${ref.profile} has no port variable ${ref.variable} ` +
          `(it has ${has}).`,
      });
    }
    out[ref.key] = port;
  }
  return out;
}
