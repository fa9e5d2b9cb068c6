import type { HolderRef, PortAllocation } from '../../contract/views.js';
import type { Profile } from '../profiles/schema.js';
import type { SupervisorContext } from './context.js';

/**
 * Sticky ports: a variable that fell back remembers its port only when a process that is not one of
 * this profile's own instances held the preferred one. A second instance that falls back because the
 * first holds the port says nothing about the profile's port.
 */
export function rememberFallbacks(
  ctx: SupervisorContext,
  profile: Profile,
  allocations: readonly PortAllocation[],
): void {
  for (const a of allocations) {
    const spec = profile.ports.find((p) => p.name === a.name);
    if (!spec || spec.pinned || a.source === 'override' || a.assigned === a.preferred) continue;
    const foreign = (a.heldBy ?? []).some((h) => h.profile !== profile.name);
    if (foreign) ctx.deps.rememberPort(profile.name, a.name, a.assigned);
  }
}

/**
 * Marks the holders that are Berth's own running instances (their processes, by PID), so every face can
 * say "3000 is held by web's other instance" instead of announcing a conflict with "node (PID 4120)".
 */
export function markOwnHolders(ctx: SupervisorContext, allocations: readonly PortAllocation[]): PortAllocation[] {
  const owners = new Map<number, { instance: string; profile: string }>();
  for (const l of ctx.lives.values()) {
    const who = { instance: l.inst.id, profile: l.inst.profile };
    if (l.inst.pid !== null) owners.set(l.inst.pid, who);
    for (const m of l.inst.members) owners.set(m.pid, who);
    for (const [pid, mine] of l.inTree) if (mine) owners.set(pid, who);
  }
  const mark = (refs: readonly HolderRef[]): HolderRef[] =>
    refs.map((h) => {
      const own = h.pid !== null ? owners.get(h.pid) : undefined;
      return own ? { ...h, ...own } : h;
    });
  return allocations.map((a) => ({
    ...a,
    heldBy: a.heldBy ? mark(a.heldBy) : null,
    attempts: a.attempts.map((t) => (t.heldBy ? { ...t, heldBy: mark(t.heldBy) } : t)),
  }));
}
