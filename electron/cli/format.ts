import type { ListenerView as PublicListener } from '../contract/views.js';
import { truncate } from './style.js';

export { truncate };

/**
 * Listeners grouped by owning process, one block per process, ports sorted. On a terminal (`width`)
 * the command line is cut with … so the heading fits; in a pipe it is cut at 100 characters.
 */
export function formatListenerGroups(listeners: readonly PublicListener[], width: number | null = null): string {
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
    let head: string;
    if (first.pid === null)
      head = `(unknown process) · user ${first.user ?? '?'} · ${first.reason ?? 'owner not visible'}`;
    else {
      head = `${first.process ?? '?'} · PID ${first.pid} · user ${first.user ?? '?'}`;
      const room = width === null ? 100 : width - head.length - 3;
      if (first.command && room >= 8) head += ` · ${truncate(first.command, room)}`;
    }
    const byPort = new Map<number, string[]>();
    for (const l of [...list].sort((a, b) => a.port - b.port))
      byPort.set(l.port, [...(byPort.get(l.port) ?? []), formatAddress(l)]);
    const lines = [...byPort].map(([port, addrs]) => `  ${String(port).padEnd(6)} ${addrs.join(', ')}`);
    blocks.push([head, ...lines].join('\n'));
  }
  return blocks.join('\n\n');
}

export function formatAddress(l: Pick<PublicListener, 'address' | 'family'>): string {
  return l.family === 6 ? `[${l.address}]` : l.address;
}

export function holderLine(l: PublicListener): string {
  if (l.pid === null)
    return `${formatAddress(l)}: a process of user ${l.user ?? '?'} (${l.reason ?? 'owner not visible'})`;
  return `${formatAddress(l)}: ${l.process} (PID ${l.pid}, user ${l.user ?? '?'}) ${truncate(l.command ?? '', 120)}`;
}
