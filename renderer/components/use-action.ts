import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { Result } from '../../electron/contract/result.js';

export type ActionState =
  | Readonly<{ phase: 'idle' }>
  | Readonly<{ phase: 'pending'; label: string }>
  | Readonly<{ phase: 'done'; text: string }>
  | Readonly<{ phase: 'error'; text: string }>;

/**
 * One action of a row or form: shows what is pending ("Stopping… up to 10 s") and then the result or
 * the engine's error, so no click is ever a silent no-op. A second click while pending is ignored.
 */
export function useAction(): [
  ActionState,
  <T>(label: string, call: () => Promise<Result<T>>, done: (v: T) => string) => Promise<T | null>,
] {
  const [state, setState] = useState<ActionState>({ phase: 'idle' });
  const busy = useRef(false);
  const mounted = useRef(true);
  useEffect(
    () => () => {
      mounted.current = false;
    },
    [],
  );
  const run = useCallback(
    async <T>(label: string, call: () => Promise<Result<T>>, done: (v: T) => string): Promise<T | null> => {
      if (busy.current) return null;
      busy.current = true;
      setState({ phase: 'pending', label });
      try {
        const r = await call();
        if (!mounted.current) return r.ok ? r.value : null;
        if (r.ok) setState({ phase: 'done', text: done(r.value) });
        else setState({ phase: 'error', text: r.error.hint ? `${r.error.message} ${r.error.hint}` : r.error.message });
        return r.ok ? r.value : null;
      } catch (err) {
        // A transport that lost the host rejects; say so instead of leaving the row spinning.
        if (mounted.current) setState({ phase: 'error', text: err instanceof Error ? err.message : String(err) });
        return null;
      } finally {
        busy.current = false;
      }
    },
    [],
  );
  return [state, run];
}
