import type { InstanceView as Instance } from '../contract/views.js';
import { formatTable, paintStatus, type Cell } from './style.js';

export type Look = Readonly<{ color: boolean; width: number | null }>;
export const PLAIN: Look = { color: false, width: null };

/**
 * The status table: statuses coloured on a terminal, the URL column cut with … to fit its width.
 * Below it, one line per message (why it crashed or failed) and per warning, so nothing the engine
 * said about an instance is left out.
 */
export function formatStatus(list: readonly Instance[], look: Look = PLAIN, now: number = Date.now()): string {
  if (list.length === 0) return 'Nothing is running. Start a profile: berth start <name>';
  const head: Cell[] = ['INSTANCE', 'STATUS', 'PID', 'PORTS', 'UPTIME', 'RESTARTS', 'EXIT', 'URL'];
  const rows: Cell[][] = list.map((i) => [
    i.id,
    { text: i.status, paint: (padded) => paintStatus(i.status, look.color, padded.length) },
    i.pid === null ? '-' : String(i.pid),
    Object.entries(i.ports)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ') || '-',
    i.endedAt === null && i.startedAt > 0 ? formatDuration(now - i.startedAt) : '-',
    String(i.restarts),
    i.exitCode !== null ? String(i.exitCode) : (i.signal ?? '-'),
    i.url ?? '-',
  ]);
  const notes = list.flatMap((i) => [
    ...(i.message !== null && i.status !== 'ready' ? [`${i.id}: ${i.message}`] : []),
    ...(i.nextRestartAt !== null ? [`${i.id}: restarts in ${formatDuration(Math.max(0, i.nextRestartAt - now))}`] : []),
    ...i.warnings.map((w) => `${i.id}: warning: ${w}`),
  ]);
  const table = formatTable([head, ...rows], { width: look.width, flex: 7 });
  const dismiss = list.some((i) => i.status === 'crashed' || i.status === 'failed')
    ? ['', 'Hide ended ones: berth dismiss <instance|profile|--all>']
    : [];
  return [table, ...(notes.length > 0 ? ['', ...notes] : []), ...dismiss].join('\n');
}

/** "45s", "12m 5s", "3h 4m", "2d 3h": two units at most. */
export function formatDuration(ms: number): string {
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${s % 60}s`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h}h ${m % 60}m`;
  return `${Math.floor(h / 24)}d ${h % 24}h`;
}
