import type { ListenerView } from '../contract/views.js';
import { UsageError } from './exit.js';

export type ListenerFilter = Readonly<
  { kind: 'port'; from: number; to: number; text: string } | { kind: 'text'; text: string }
>;

/** `berth ports 5173 3000-3999 vite`: a port, a range, or text for process, command, user and profile. */
export function parseListenerFilters(args: readonly string[]): ListenerFilter[] {
  return args.map((text) => {
    const range = /^(\d+)(?:-(\d+))?$/.exec(text.trim());
    if (!range) return { kind: 'text', text };
    const from = Number(range[1]);
    const to = range[2] === undefined ? from : Number(range[2]);
    for (const p of [from, to]) if (p < 1 || p > 65535) throw new UsageError(`'${text}': a port is from 1 to 65535`);
    if (from > to) throw new UsageError(`'${text}': ${from} is greater than ${to}; write ${to}-${from}`);
    return { kind: 'port', from, to, text };
  });
}

/** Listeners that match any of the filters (all of them when there is none). */
export function filterListeners(
  listeners: readonly ListenerView[],
  filters: readonly ListenerFilter[],
): ListenerView[] {
  if (filters.length === 0) return [...listeners];
  return listeners.filter((l) => filters.some((f) => matches(l, f)));
}

function matches(l: ListenerView, f: ListenerFilter): boolean {
  if (f.kind === 'port') return l.port >= f.from && l.port <= f.to;
  const needle = f.text.toLowerCase();
  return [l.process, l.command, l.user, l.profile ?? null].some((s) => s !== null && s.toLowerCase().includes(needle));
}
