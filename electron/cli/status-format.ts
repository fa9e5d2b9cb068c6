import type { InstanceView as Instance } from '../contract/views.js';
import { formatTable, paintStatus, type Cell } from './style.js';

export type Look = Readonly<{ color: boolean; width: number | null }>;
export const PLAIN: Look = { color: false, width: null };

/** The status table: statuses coloured on a terminal, the URL column cut with … to fit its width. */
export function formatStatus(list: readonly Instance[], look: Look = PLAIN): string {
  if (list.length === 0) return 'Nothing is running. Start a profile: berth start <name>';
  const head: Cell[] = ['INSTANCE', 'STATUS', 'PID', 'PORTS', 'URL'];
  const rows: Cell[][] = list.map((i) => [
    i.id,
    { text: i.status, paint: (padded) => paintStatus(i.status, look.color, padded.length) },
    i.pid === null ? '-' : String(i.pid),
    Object.entries(i.ports)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ') || '-',
    i.url ?? '-',
  ]);
  return formatTable([head, ...rows], { width: look.width, flex: 4 });
}
