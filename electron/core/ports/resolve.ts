import type { Listener, ScanResult } from './types.js';
import { checkPort } from './free-check.js';
import type { Reservations } from './reservations.js';
import { describePortHolders, formatRange } from './describe.js';
import { BerthFailure } from '../result.js';
import type { Attempt, HolderRef, PortAllocation, PortSource } from '../../contract/views.js';

export type { Attempt, AttemptOutcome, HolderRef, PortAllocation, PortSource } from '../../contract/views.js';

export type PortPolicy = 'fallback' | 'strict' | 'free';

export type PortVariable = Readonly<{
  name: string;
  preferred?: number;
  /** The port a fallback gave last time (never set for a pinned variable): tried before `preferred`. */
  sticky?: number;
  range?: readonly [number, number];
  default?: number;
}>;

export type ResolveRequest = Readonly<{
  variables: readonly PortVariable[];
  policy: PortPolicy;
  /**
   * Explicit per-variable overrides (e.g. `berth start web --port 4000`). The user asked for exactly
   * that port: when it is busy the resolution fails naming the holder (the free policy frees it).
   */
  overrides?: Readonly<Record<string, number>>;
  /** Overrides that may fall back like a preferred port (a restart asks for the ports it had). */
  overridesMayMove?: boolean;
  /** The profile's env plus its .env file: `PORT=3005` there is a candidate too. */
  env?: Readonly<Record<string, string | undefined>>;
  exclude?: readonly number[];
  /** Why a port is excluded, for its attempt ("pinned by profile api"). */
  excludeWhy?: Readonly<Record<number, string>>;
  /** Reservation owner (an instance id). */
  owner: string;
}>;

export type ResolveResult = Readonly<{
  ports: Readonly<Record<string, number>>;
  allocations: readonly PortAllocation[];
}>;

/** Frees a port for the `free` policy through the safe free path; a refusal says why (system service, another user). */
export type FreeHolder = (port: number) => Promise<{ freed: boolean; message: string; hint?: string }>;

export type ResolverDeps = Readonly<{
  scan: () => Promise<ScanResult>;
  reservations: Reservations;
  freeHolder?: FreeHolder;
}>;

export const DEFAULT_PORT = 3000;
/** Width of the search range for a variable that names none: preferred … preferred + 99. */
export const DEFAULT_SPAN = 100;

export function pickCandidate(v: PortVariable, req: ResolveRequest): { port: number; source: PortSource } {
  const override = req.overrides?.[v.name];
  if (override !== undefined) return { port: override, source: 'override' };
  if (v.sticky !== undefined) return { port: v.sticky, source: 'sticky' };
  if (v.preferred !== undefined) return { port: v.preferred, source: 'preferred' };
  const fromEnv = parsePortValue(req.env?.[v.name]);
  if (fromEnv !== null) return { port: fromEnv, source: 'env' };
  return { port: v.default ?? v.range?.[0] ?? DEFAULT_PORT, source: 'default' };
}

export function parsePortValue(value: string | undefined): number | null {
  if (value === undefined || !/^\d{1,5}$/.test(value.trim())) return null;
  const n = Number(value.trim());
  return n >= 1 && n <= 65535 ? n : null;
}

export function rangeFor(v: PortVariable, start: number): readonly [number, number] {
  return v.range ?? [start, Math.min(65535, start + DEFAULT_SPAN - 1)];
}

function holderRefs(holders: readonly Listener[]): HolderRef[] {
  const seen = new Set<string>();
  const out: HolderRef[] = [];
  for (const h of holders) {
    const key = `${h.pid}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ pid: h.pid, process: h.process, command: h.command });
  }
  return out;
}

/**
 * Resolves every named port of a launch (PORT, VITE_HMR_PORT, …). Each assigned port stays reserved
 * under `req.owner` until the caller releases it. On failure, the ports reserved so far are released.
 */
export async function resolvePorts(req: ResolveRequest, deps: ResolverDeps): Promise<ResolveResult> {
  const { reservations } = deps;
  let listeners = (await deps.scan()).listeners;
  const exclude = new Set(req.exclude ?? []);
  const ports: Record<string, number> = {};
  const allocations: PortAllocation[] = [];
  try {
    for (const v of req.variables) {
      const { port: first, source } = pickCandidate(v, req);
      const attempts: Attempt[] = [];

      const tryPort = async (port: number): Promise<boolean> => {
        const other = reservations.holderOf(port);
        if (other !== undefined) {
          attempts.push({
            port,
            outcome: 'reserved',
            detail: other === req.owner ? 'assigned to another variable of this launch' : `reserved for ${other}`,
          });
          return false;
        }
        if (!reservations.tryReserve(port, req.owner)) return false;
        const state = await checkPort(port, listeners);
        if (state.free) {
          attempts.push({ port, outcome: 'free' });
          return true;
        }
        reservations.release(port, req.owner);
        const heldBy = holderRefs(state.holders);
        attempts.push({ port, outcome: 'busy', heldBy, ...(state.bindError ? { detail: state.bindError } : {}) });
        return false;
      };

      let assigned: number | null = (await tryPort(first)) ? first : null;
      const busyFirst = attempts.find((a) => a.port === first && a.outcome === 'busy');

      // An explicit port is what the user asked for: never a quiet fallback to another one.
      const exact =
        req.policy === 'strict' || (source === 'override' && req.overridesMayMove !== true && req.policy !== 'free');
      if (assigned === null && exact) {
        const holders = listeners.filter((l) => l.port === first);
        const why =
          holders.length > 0
            ? describePortHolders(first, holders)
            : `Port ${first} is not available (${attempts[0]?.detail ?? 'busy'}).`;
        const rule = req.policy === 'strict' ? 'The port policy is strict.' : 'It was asked for explicitly (--port).';
        throw new BerthFailure({
          code: 'busy',
          message: `${v.name}: ${why} ${rule}`,
          hint: `Free it with: berth free ${first}, or pick another port.`,
        });
      }
      if (assigned === null && req.policy === 'free' && busyFirst !== undefined) {
        if (!deps.freeHolder)
          throw new BerthFailure({
            code: 'refused',
            message: `${v.name}: port ${first} is busy and nothing may free it here.`,
          });
        const freed = await deps.freeHolder(first);
        if (!freed.freed) {
          throw new BerthFailure({
            code: 'busy',
            message: `${v.name}: port ${first} was not freed (port policy free): ${freed.message}`,
            ...(freed.hint ? { hint: freed.hint } : {}),
          });
        }
        listeners = (await deps.scan()).listeners;
        if (await tryPort(first)) {
          attempts[attempts.length - 1] = { port: first, outcome: 'freed', heldBy: busyFirst.heldBy ?? [] };
          assigned = first;
        }
      }
      if (assigned === null && req.policy === 'free' && busyFirst === undefined && source === 'override')
        throw noFreePort(v, first, first, attempts);
      if (assigned === null && !exact) {
        const [from, to] = rangeFor(v, first);
        // Search upward from the candidate, then wrap to the start of the range; never outside it.
        const order: number[] = [];
        for (let p = Math.max(from, first + 1); p <= to; p++) order.push(p);
        for (let p = from; p < Math.min(first, to + 1); p++) order.push(p);
        for (const p of order) {
          if (exclude.has(p)) {
            const why = req.excludeWhy?.[p];
            attempts.push({ port: p, outcome: 'excluded', ...(why !== undefined ? { detail: why } : {}) });
            continue;
          }
          if (await tryPort(p)) {
            assigned = p;
            break;
          }
        }
        if (assigned === null) throw noFreePort(v, from, to, attempts);
      }
      if (assigned === null) throw noFreePort(v, first, first, attempts);
      ports[v.name] = assigned;
      allocations.push({
        name: v.name,
        preferred: first,
        assigned,
        source,
        attempts,
        heldBy: assigned === first ? null : (busyFirst?.heldBy ?? null),
      });
    }
  } catch (err) {
    reservations.releaseOwner(req.owner);
    throw err;
  }
  return { ports, allocations };
}

function noFreePort(v: PortVariable, from: number, to: number, attempts: readonly Attempt[]): BerthFailure {
  const checked = new Set(attempts.map((a) => a.port)).size;
  const busy = attempts.filter((a) => a.outcome === 'busy');
  const examples = busy.slice(0, 3).map((a) => {
    const h = a.heldBy?.[0];
    return h && h.pid !== null ? `${a.port} held by ${h.process ?? 'process'} PID ${h.pid}` : `${a.port} busy`;
  });
  const more = busy.length > 3 ? ', …' : '';
  const detail = examples.length > 0 ? `; ${examples.join(', ')}${more}` : '';
  const suggest = busy[0]?.port ?? from;
  return new BerthFailure({
    code: 'no-free-port',
    message: `${v.name}: No free port in ${formatRange(from, to)} (${checked} checked${detail}).`,
    hint: `Widen the range or free one: berth free ${suggest}`,
  });
}

/** The first `count` free ports in [from, to], skipping `exclude` and reserved ports. Reserves nothing. */
export async function findFreePorts(
  opts: Readonly<{ from: number; to: number; count: number; exclude?: readonly number[] }>,
  deps: Pick<ResolverDeps, 'scan'> & Partial<Pick<ResolverDeps, 'reservations'>>,
): Promise<number[]> {
  const { listeners } = await deps.scan();
  const exclude = new Set(opts.exclude ?? []);
  const busy = new Set(listeners.map((l) => l.port));
  const out: number[] = [];
  for (let p = opts.from; p <= opts.to && out.length < opts.count; p++) {
    if (exclude.has(p) || busy.has(p) || deps.reservations?.holderOf(p) !== undefined) continue;
    if ((await checkPort(p, listeners)).free) out.push(p);
  }
  return out;
}
