import type { Handlers } from '../../contract/api.js';
import { ok } from '../../contract/result.js';
import type { StateStore } from '../state/snapshot.js';

/** state.get — the current snapshot (faces that subscribe get it pushed instead). */
export function createStateHandlers(state: StateStore): Pick<Handlers, 'state.get'> {
  return { 'state.get': async () => ok(state.get()) };
}
