import type { Profile } from './schema.js';
import { dependenciesOf } from './references.js';
import { BerthFailure } from '../result.js';

/**
 * The order a start goes in: every profile after the profiles it waits for (`after`, and those whose
 * ports it names), dependencies that were not asked for included. A cycle or a missing profile is an
 * error that names the chain; nothing is started then.
 */
export function startOrder(targets: readonly Profile[], get: (name: string) => Profile | undefined): Profile[] {
  const out: Profile[] = [];
  const done = new Set<string>();
  const visit = (p: Profile, chain: readonly string[]): void => {
    if (done.has(p.name)) return;
    if (chain.includes(p.name)) {
      const loop = [...chain.slice(chain.indexOf(p.name)), p.name].join(' → ');
      throw new BerthFailure({
        code: 'bad-input',
        message: `Profiles wait for each other in a cycle: ${loop}.`,
        hint: `Break it: berth profile edit ${p.name} --after ''`,
      });
    }
    for (const dep of dependenciesOf(p, (n) => get(n) !== undefined)) {
      const d = get(dep);
      if (!d)
        throw new BerthFailure({
          code: 'not-found',
          message: `${p.name} starts after ${dep}, but no profile is named ${dep}.`,
          hint: `Fix it: berth profile edit ${p.name} --after NAME`,
        });
      visit(d, [...chain, p.name]);
    }
    done.add(p.name);
    out.push(p);
  };
  for (const t of targets) visit(t, []);
  return out;
}

/** The cycle a saved profile would close, as "a → b → a", or null. */
export function findCycle(profile: Profile, others: readonly Profile[]): string | null {
  const byName = new Map(others.filter((p) => p.name !== profile.name).map((p) => [p.name, p]));
  byName.set(profile.name, profile);
  try {
    startOrder([profile], (n) => byName.get(n));
    return null;
  } catch (err) {
    const m = /cycle: (.*)\.$/.exec((err as Error).message);
    return m ? m[1]! : null;
  }
}

/** Who waits for whom: for each profile in the order, the profiles of `order` that wait for it. */
export function dependents(
  order: readonly Profile[],
  get: (name: string) => Profile | undefined,
): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const p of order) {
    for (const dep of dependenciesOf(p, (n) => get(n) !== undefined)) out.set(dep, [...(out.get(dep) ?? []), p.name]);
  }
  return out;
}
