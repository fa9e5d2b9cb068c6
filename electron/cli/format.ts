import type { ListenerView as PublicListener } from '../contract/views.js';

/** Listeners grouped by owning process, one block per process, ports sorted. */
export function formatListenerGroups(listeners: readonly PublicListener[]): string {
  if (listeners.length === 0) return 'No TCP port is listening.';
  const groups = new Map<string, PublicListener[]>();
  for (const l of listeners) {
    const key = l.pid === null ? `?${l.user ?? ''}|${l.reason ?? ''}` : String(l.pid);
    const list = groups.get(key);
    if (list) list.push(l);
    else groups.set(key, [l]);
  }
  const blocks: string[] = [];
  for (const list of groups.values()) {
    const first = list[0]!;
    const head =
      first.pid === null
        ? `(unknown process) · user ${first.user ?? '?'} · ${first.reason ?? 'owner not visible'}`
        : `${first.process ?? '?'} · PID ${first.pid} · user ${first.user ?? '?'}${first.command ? ` · ${truncate(first.command, 100)}` : ''}`;
    const byPort = new Map<number, string[]>();
    for (const l of list) byPort.set(l.port, [...(byPort.get(l.port) ?? []), formatAddress(l)]);
    const lines = [...byPort].map(([port, addrs]) => `  ${String(port).padEnd(6)} ${addrs.join(', ')}`);
    blocks.push([head, ...lines].join('\n'));
  }
  return blocks.join('\n\n');
}

export function formatAddress(l: Pick<PublicListener, 'address' | 'family'>): string {
  return l.family === 6 ? `[${l.address}]` : l.address;
}

export function truncate(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

export function holderLine(l: PublicListener): string {
  if (l.pid === null) return `${formatAddress(l)}: a process of user ${l.user ?? '?'} (${l.reason ?? 'owner not visible'})`;
  return `${formatAddress(l)}: ${l.process} (PID ${l.pid}, user ${l.user ?? '?'}) ${truncate(l.command ?? '', 120)}`;
}
