import type { Listener } from './types.js';

/** "node (PID 812)" or "a process of user postgres" — the neutral way Berth names a holder. */
export function describeHolder(l: Pick<Listener, 'pid' | 'process' | 'user' | 'reason'>): string {
  if (l.pid !== null) return `${l.process ?? 'process'} (PID ${l.pid})`;
  return l.user
    ? `a process of user ${l.user} (${l.reason ?? 'owner not visible'})`
    : `an unknown process (${l.reason ?? 'owner not visible'})`;
}

export function describePortHolders(port: number, holders: readonly Listener[]): string {
  const names = [...new Set(holders.map(describeHolder))];
  return `Port ${port} is in use by ${names.join(', ')}.`;
}

export function formatRange(from: number, to: number): string {
  return from === to ? String(from) : `${from}–${to}`;
}
