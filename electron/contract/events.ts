import type { Notice, Snapshot } from './views.js';

/** Every pushed event (control socket subscriptions, the host's SSE stream, IPC `berth:event`). */
export type EventPayloads = {
  /** The whole snapshot, coalesced (at most 4 a second); drop any with an older `rev`. */
  state: Snapshot;
  /** New lines of one instance (`cursor` is where the next `instances.logs` read would start). */
  log: Readonly<{ id: string; profile: string; lines: readonly string[]; cursor: number }>;
  /** A notice that was just raised. */
  notice: Notice;
};

export type EventName = keyof EventPayloads;
export const eventNames: readonly EventName[] = ['state', 'log', 'notice'];

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && (eventNames as readonly string[]).includes(name);
}
