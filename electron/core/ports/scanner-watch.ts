import type { ScanResult } from './types.js';
import type { DiffCounts } from './scanner-diff.js';

export type ChangeListener = (result: ScanResult, diff: DiffCounts) => void;

export type ChangeListeners = Readonly<{
  add(listener: ChangeListener): () => void;
  emit(result: ScanResult, diff: DiffCounts): void;
  size(): number;
  clear(): void;
}>;

/** onChange bookkeeping shared by both scanner modes: polling runs from the first listener to the last. */
export function createChangeListeners(hooks: Readonly<{ onFirst(): void; onLast(): void }>): ChangeListeners {
  const listeners = new Set<ChangeListener>();
  return {
    add(listener) {
      // A wrapper per registration, so the same function added twice is removed once per unsubscribe.
      const entry: ChangeListener = (r, d) => listener(r, d);
      listeners.add(entry);
      if (listeners.size === 1) hooks.onFirst();
      return () => {
        if (!listeners.delete(entry)) return;
        if (listeners.size === 0) hooks.onLast();
      };
    },
    emit(result, diff) {
      for (const l of [...listeners]) {
        try {
          l(result, diff);
        } catch (err) {
          // One failing listener must not starve the others, nor be lost: rethrown outside the loop.
          queueMicrotask(() => {
            throw err;
          });
        }
      }
    },
    size: () => listeners.size,
    clear: () => listeners.clear(),
  };
}

export function checkInterval(ms: number): number {
  if (!Number.isFinite(ms) || ms < 10) throw new RangeError(`Scan interval must be at least 10 ms, got ${ms}`);
  return ms;
}

/** A first result with no listeners, or only a new source name, is recorded but tells nobody. */
export function emitIfAny(changes: ChangeListeners, result: ScanResult, diff: DiffCounts): void {
  if (diff.added + diff.removed + diff.changed > 0) changes.emit(result, diff);
}
