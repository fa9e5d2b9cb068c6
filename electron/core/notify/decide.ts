import type { EngineEvent } from './events.js';
import { describeEvent, SHOW, type BerthNotification } from './describe.js';

export {
  describeEvent,
  describeHolder,
  type BerthNotification,
  type CommandStep,
  type NotificationAction,
} from './describe.js';

/** At most one notification per port (or per profile without a port) in this window (issue 12 §3). */
export const PER_KEY_WINDOW_MS = 30_000;
/** Events arriving this soon after a notification are held and counted into the next one ("and 3 more"). */
export const BURST_WINDOW_MS = 5_000;

export type NotifyState = Readonly<{
  /** When each key last produced a notification (ms); entries older than PER_KEY_WINDOW_MS are dropped. */
  lastByKey: Readonly<Record<string, number>>;
  lastAt: number | null;
  /**
   * Notifications held back by the burst window (one per key), announced with the next notification, or on
   * their own by flushHeld once the window has passed.
   */
  held: readonly BerthNotification[];
}>;

export const INITIAL_NOTIFY_STATE: NotifyState = { lastByKey: {}, lastAt: null, held: [] };

export type Decision = Readonly<{ notifications: readonly BerthNotification[]; nextState: NotifyState }>;

function coalesce(list: readonly BerthNotification[]): BerthNotification {
  const first = list[0]!;
  const more = list.length - 1;
  if (more === 0) return first;
  const body = `${first.body} And ${more} more.`;
  // A coalesced notification only offers Show: its first event's buttons would not apply to the others.
  return { ...first, body, text: `${first.title}: ${body}`, actions: [SHOW], covers: list.length };
}

/** Entries of lastByKey still inside PER_KEY_WINDOW_MS at `now`. */
function recentKeys(state: NotifyState, now: number): Record<string, number> {
  const lastByKey: Record<string, number> = {};
  for (const [k, at] of Object.entries(state.lastByKey)) if (now - at < PER_KEY_WINDOW_MS) lastByKey[k] = at;
  return lastByKey;
}

/** Shows `list` (fresh first, then held) as one notification now, marking every key it covers. */
function announce(list: readonly BerthNotification[], now: number, lastByKey: Record<string, number>): Decision {
  for (const n of list) lastByKey[n.key] = now;
  return { notifications: [coalesce(list)], nextState: { lastByKey, lastAt: now, held: [] } };
}

/**
 * Engine events + the clock -> what to show now. Pure: the caller keeps `nextState` and passes it back.
 * Per key (port, or profile) at most one notification in PER_KEY_WINDOW_MS; everything fresh in one call
 * becomes one notification ("… And 47 more."); fresh events within BURST_WINDOW_MS of the last
 * notification are held and counted into the next one, or shown by flushHeld when the window ends.
 */
export function decideNotifications(
  events: readonly EngineEvent[],
  now: number,
  state: NotifyState,
  enabled = true,
): Decision {
  const lastByKey = recentKeys(state, now);
  if (!enabled) return { notifications: [], nextState: { lastAt: state.lastAt, lastByKey, held: [] } };
  const fresh: BerthNotification[] = [];
  const seen = new Set<string>(state.held.map((n) => n.key));
  for (const e of events) {
    const n = describeEvent(e);
    if (lastByKey[n.key] !== undefined || seen.has(n.key)) continue;
    seen.add(n.key);
    fresh.push(n);
  }
  if (fresh.length === 0) return { notifications: [], nextState: { ...state, lastByKey } };
  if (state.lastAt !== null && now - state.lastAt < BURST_WINDOW_MS) {
    return { notifications: [], nextState: { ...state, lastByKey, held: [...state.held, ...fresh] } };
  }
  return announce([...fresh, ...state.held], now, lastByKey);
}

/** When the held notifications may go out on their own (the burst window has ended), or null if none are held. */
export function heldDueAt(state: NotifyState): number | null {
  if (state.held.length === 0) return null;
  return state.lastAt === null ? 0 : state.lastAt + BURST_WINDOW_MS;
}

/**
 * The end of a burst window with nothing new: what was held goes out as one notification ("… And 3 more."),
 * so the summary of the last burst always shows. Before heldDueAt it decides nothing; notifications
 * switched off drop what was held.
 */
export function flushHeld(now: number, state: NotifyState, enabled = true): Decision {
  const due = heldDueAt(state);
  if (due === null || now < due) return { notifications: [], nextState: state };
  const lastByKey = recentKeys(state, now);
  if (!enabled) return { notifications: [], nextState: { ...state, lastByKey, held: [] } };
  return announce(state.held, now, lastByKey);
}
