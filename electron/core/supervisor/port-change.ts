import type { Attempt, PortAllocation } from '../../contract/views.js';
import { checkPort } from '../ports/free-check.js';
import { describePortHolders } from '../ports/describe.js';
import { resolvePorts } from '../ports/resolve.js';
import type { Listener } from '../ports/types.js';
import type { Profile } from '../profiles/schema.js';
import { buildCommandLine, expandUrl } from './child-env.js';
import { update, type SupervisorContext } from './context.js';
import type { Live } from './live.js';
import { markOwnHolders } from './own-holders.js';

/**
 * Ports that changed hands while an instance was down or before it could bind (issue 8 §6): a
 * pinned or strict port is never replaced (the caller fails fast naming the holder); any other one
 * moves to the next free port, the failed try kept in the allocation's attempts.
 */
export type TakenPort = Readonly<{ name: string; port: number; holders: readonly Listener[]; detail?: string }>;

export async function findTakenPorts(ctx: SupervisorContext, live: Live): Promise<TakenPort[]> {
  const { listeners } = await ctx.deps.scan();
  const out: TakenPort[] = [];
  for (const [name, port] of Object.entries(live.inst.ports)) {
    const state = await checkPort(port, listeners);
    if (!state.free)
      out.push({ name, port, holders: state.holders, ...(state.bindError ? { detail: state.bindError } : {}) });
  }
  return out;
}

export function fixedRule(profile: Profile, name: string): 'pinned' | 'strict' | null {
  if (profile.ports.find((p) => p.name === name)?.pinned) return 'pinned';
  return profile.policy === 'strict' ? 'strict' : null;
}

/** "node (PID 812)", or null when nobody visible holds it. */
export function describeTaken(t: Pick<TakenPort, 'port' | 'holders'>): string | null {
  if (t.holders.length === 0) return null;
  return describePortHolders(t.port, t.holders)
    .replace(/^Port \d+ is in use by /, '')
    .replace(/\.$/, '');
}

export function takenMessage(t: TakenPort): string {
  return t.holders.length > 0
    ? describePortHolders(t.port, t.holders)
    : `Port ${t.port} is not available (${t.detail ?? 'busy'}).`;
}

/** Moves each taken variable to a new port above the old one (within its range), appending the attempts. */
export async function movePorts(
  ctx: SupervisorContext,
  live: Live,
  profile: Profile,
  taken: readonly TakenPort[],
  detail: string,
): Promise<void> {
  const { inst } = live;
  const tried = new Set<number>([
    ...Object.values(inst.ports),
    ...inst.allocation.flatMap((a) => a.attempts.map((t) => t.port)),
  ]);
  const variables = taken.map((t) => {
    const spec = profile.ports.find((p) => p.name === t.name);
    const range = spec?.range ?? ([t.port + 1, Math.min(65535, t.port + 100)] as const);
    const up = [...Array(range[1] - range[0] + 1).keys()].map((k) => range[0] + k);
    const next = up.find((p) => p > t.port && !tried.has(p)) ?? up.find((p) => !tried.has(p)) ?? range[0];
    return { name: t.name, preferred: next, range };
  });
  const resolved = await resolvePorts(
    { variables, policy: 'fallback', owner: inst.id, exclude: [...tried] },
    { scan: ctx.deps.scan, reservations: ctx.deps.reservations },
  );
  const ports = { ...inst.ports, ...resolved.ports };
  const failed = (t: TakenPort): Attempt => ({
    port: t.port,
    outcome: 'busy',
    heldBy: t.holders.map((h) => ({ pid: h.pid, process: h.process, command: h.command })),
    detail,
  });
  const allocation: PortAllocation[] = inst.allocation.map((a) => {
    const moved = resolved.allocations.find((n) => n.name === a.name);
    const t = taken.find((x) => x.name === a.name);
    if (!moved || !t) return a;
    return {
      ...a,
      assigned: moved.assigned,
      attempts: [...a.attempts, failed(t), ...moved.attempts],
      heldBy: failed(t).heldBy ?? a.heldBy,
    };
  });
  const marked = markOwnHolders(ctx, allocation);
  for (const [name, port] of Object.entries(resolved.ports))
    if (fixedRule(profile, name) === null) ctx.deps.rememberPort(profile.name, name, port);
  update(ctx, live, {
    ports,
    allocation: marked,
    actualPorts: [],
    url: expandUrl(profile, { ...inst.refs, ...ports }),
    command: buildCommandLine(profile, { ...inst.refs, ...ports }),
  });
}

/** Holds the instance's ports again for its next run (released when its previous run ended). */
export function reservePorts(ctx: SupervisorContext, live: Live): void {
  for (const port of Object.values(live.inst.ports))
    if (ctx.deps.reservations.holderOf(port) === undefined) ctx.deps.reservations.tryReserve(port, live.inst.id);
}
