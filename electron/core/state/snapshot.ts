import type { Snapshot } from '../../contract/views.js';

export type { Snapshot } from '../../contract/views.js';

/** The engine's one immutable state; every change makes a new one with rev + 1 (DESIGN.md "State"). */
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
      return () => void listeners.delete(l);
    },
  };
}

/**
 * Calls `emit` with the latest value at most once per `intervalMs`: the first change goes out at
 * once, later ones within the interval are folded into one trailing call (DESIGN.md: at most 4 a second).
 */
export function createCoalescer<T>(
  intervalMs: number,
  emit: (value: T) => void,
): Readonly<{ push(value: T): void; close(): void }> {
  let last = 0;
  let pending: { value: T } | null = null;
  let timer: NodeJS.Timeout | null = null;
  const flush = (): void => {
    timer = null;
    if (!pending) return;
    const { value } = pending;
    pending = null;
    last = Date.now();
    emit(value);
  };
  return {
    push(value) {
      pending = { value };
      if (timer) return;
      const wait = last + intervalMs - Date.now();
      if (wait <= 0) flush();
      else timer = setTimeout(flush, wait);
    },
    close() {
      if (timer) clearTimeout(timer);
      timer = null;
      pending = null;
    },
  };
}
