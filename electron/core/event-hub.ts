import type { EventName, EventPayloads } from '../contract/events.js';
import type { StateStore } from './state/snapshot.js';
import { createCoalescer } from './state/snapshot.js';

type Listener<E extends EventName> = (payload: EventPayloads[E]) => void;

/** At most 4 snapshots a second reach subscribers (DESIGN.md "State"). */
export const STATE_INTERVAL_MS = 250;

export type EventHub = Readonly<{
  subscribe<E extends EventName>(event: E, listener: Listener<E>): () => void;
  emit<E extends EventName>(event: E, payload: EventPayloads[E]): void;
  /** Pushes the store's snapshots, coalesced; a new `state` subscriber gets the current one first. */
  bindState(state: StateStore): void;
  close(): void;
}>;

export function createEventHub(): EventHub {
  const listeners: { [E in EventName]: Set<Listener<E>> } = { state: new Set(), log: new Set(), notice: new Set() };
  let store: StateStore | null = null;
  const deliver = <E extends EventName>(event: E, payload: EventPayloads[E]): void => {
    for (const l of [...listeners[event]] as Listener<E>[]) {
      try {
        l(payload);
      } catch {
        // One face's failing listener must not stop the others from getting the event.
      }
    }
  };
  const coalescer = createCoalescer<EventPayloads['state']>(STATE_INTERVAL_MS, (s) => deliver('state', s));
  let unbind: (() => void) | null = null;
  return {
    subscribe(event, listener) {
      (listeners[event] as Set<typeof listener>).add(listener);
      if (event === 'state' && store) {
        const first = store;
        queueMicrotask(() => {
          if ((listeners.state as Set<unknown>).has(listener)) (listener as Listener<'state'>)(first.get());
        });
      }
      return () => void (listeners[event] as Set<typeof listener>).delete(listener);
    },
    emit: deliver,
    bindState(state) {
      store = state;
      unbind = state.onChange((s) => coalescer.push(s));
    },
    close() {
      unbind?.();
      coalescer.close();
      for (const set of Object.values(listeners)) set.clear();
    },
  };
}
