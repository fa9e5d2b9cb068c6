import type { PublicListener } from '../ports/types.js';
import type { Profile } from '../profiles/schema.js';
import type { Instance } from '../supervisor/types.js';

/** The engine's one immutable state; every change makes a new one with rev + 1 (DESIGN.md "State"). */
export type Snapshot = Readonly<{
  rev: number;
  listeners: readonly PublicListener[];
  instances: readonly Instance[];
  profiles: readonly Profile[];
  notices: readonly string[];
}>;

export type StateStore = Readonly<{
  get(): Snapshot;
  update(patch: Partial<Omit<Snapshot, 'rev'>>): Snapshot;
  onChange(listener: (s: Snapshot) => void): () => void;
}>;

export function createStateStore(initial: Omit<Snapshot, 'rev'>): StateStore {
  let current: Snapshot = { rev: 1, ...initial };
  const listeners = new Set<(s: Snapshot) => void>();
  return {
    get: () => current,
    update(patch) {
      current = { ...current, ...patch, rev: current.rev + 1 };
      for (const l of listeners) l(current);
      return current;
    },
    onChange(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  };
}
