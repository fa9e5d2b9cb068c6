import type { Snapshot } from '../contract/views.js';
import type { Engine } from '../core/engine.js';
import { deriveEngineEvents } from '../core/notify/events.js';
import {
  decideNotifications,
  INITIAL_NOTIFY_STATE,
  type BerthNotification,
  type NotifyState,
} from '../core/notify/decide.js';

/**
 * The notification decisions a tray app would show, made by the same pure functions, for a host with
 * no desktop (`berth serve` writes them to its output, host.log for a background host). Held events
 * of a burst go out with the next decision.
 */
export function logNotifications(engine: Engine, write: (n: BerthNotification) => void): () => void {
  let prev: Snapshot | null = null;
  let state: NotifyState = INITIAL_NOTIFY_STATE;
  return engine.subscribe('state', (next) => {
    const events = deriveEngineEvents(prev, next);
    prev = next;
    if (events.length === 0) return;
    const d = decideNotifications(events, Date.now(), state, next.settings.notifications);
    state = d.nextState;
    for (const n of d.notifications) write(n);
  });
}
