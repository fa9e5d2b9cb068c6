import type { InstanceStatus } from '../contract/views.js';

/** ANSI SGR codes; used only when the context allows colour (a terminal, no NO_COLOR, no --json). */
const SGR = { green: 32, yellow: 33, red: 31, dim: 2, bold: 1 } as const;
type Tone = keyof typeof SGR;

export function paint(text: string, tone: Tone, color: boolean): string {
  return color ? `\x1b[${SGR[tone]}m${text}\x1b[0m` : text;
}

const STATUS_TONE: Readonly<Record<InstanceStatus, Tone | null>> = {
  ready: 'green',
  starting: 'yellow',
  stopping: 'yellow',
  'not listening': 'yellow',
  crashed: 'red',
  failed: 'red',
  stopped: 'dim',
};

export function paintStatus(status: InstanceStatus, color: boolean, width = status.length): string {
  const tone = STATUS_TONE[status];
  const padded = status.padEnd(width);
  // Padding stays outside the escape codes so columns line up with and without colour.
  return tone ? paint(status, tone, color) + padded.slice(status.length) : padded;
}

export function truncate(s: string, max: number): string {
  if (max <= 0) return '';
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

export type Cell = string | Readonly<{ text: string; paint: (padded: string) => string }>;
const textOf = (c: Cell): string => (typeof c === 'string' ? c : c.text);

/**
 * Aligned columns, two spaces apart. With a width (a terminal), the `flex` column (command, URL)
 * is cut with … so that every row fits; the last column is never padded.
 */
export function formatTable(
  rows: readonly (readonly Cell[])[],
  opts: Readonly<{ width: number | null; flex: number }>,
): string {
  if (rows.length === 0) return '';
  const cols = rows[0]!.length;
  const widths = Array.from({ length: cols }, (_, c) => Math.max(...rows.map((r) => textOf(r[c] ?? '').length)));
  if (opts.width !== null) {
    const total = widths.reduce((a, b) => a + b, 0) + 2 * (cols - 1);
    if (total > opts.width) widths[opts.flex] = Math.max(8, widths[opts.flex]! - (total - opts.width));
  }
  return rows
    .map((r) =>
      r
        .map((cell, c) => {
          const text = truncate(textOf(cell), widths[c]!);
          const padded = c === cols - 1 ? text : text.padEnd(widths[c]!);
          return typeof cell === 'string' ? padded : cell.paint(padded);
        })
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
