import { closeSync, copyFileSync, fstatSync, openSync, readSync, truncateSync, existsSync, statSync } from 'node:fs';

/**
 * Follows an instance's log file. The server writes to the file directly (its stdout/stderr are the
 * file), so output never flows through the host: a host that dies or lags cannot block or kill the
 * server, and heavy output costs the host only what it chooses to read. Per poll it reads at most
 * `maxReadBytes`; when further behind it skips ahead (noting how much). Past `capBytes` the file is
 * copied to `<log>.1` and truncated in place (the server's O_APPEND fd keeps writing at the new end).
 */
export type LogTailOptions = Readonly<{ ringLines?: number; maxReadBytes?: number; capBytes?: number; maxLineLength?: number; fromStart?: boolean }>;

export type LogSlice = Readonly<{ lines: readonly string[]; cursor: number; truncated: boolean }>;

export type LogTail = Readonly<{
  /** Reads what is new; returns the new complete lines. */
  poll(): string[];
  /** Lines after `cursor` (a count of lines seen since the tail started) still in memory. */
  since(cursor: number, limit?: number): LogSlice;
  cursor(): number;
  last(n: number): string[];
  close(): void;
}>;

export function createLogTail(path: string, options: LogTailOptions = {}): LogTail {
  const ringLines = options.ringLines ?? 2000;
  const maxRead = options.maxReadBytes ?? 1 << 20;
  const cap = options.capBytes ?? 10 << 20;
  const maxLine = options.maxLineLength ?? 8192;
  const ring: string[] = [];
  let seen = 0;
  let partial = '';
  let fd: number | null = null;
  let offset = 0;
  const buf = Buffer.alloc(maxRead);

  function open(): boolean {
    if (fd !== null) return true;
    try {
      fd = openSync(path, 'r');
      offset = options.fromStart === true ? 0 : fstatSync(fd).size;
      return true;
    } catch {
      return false;
    }
  }
  open();

  function push(lines: string[], out: string[]): void {
    for (const l of lines) {
      const line = l.length > maxLine ? `${l.slice(0, maxLine)}… [line cut at ${maxLine} characters]` : l;
      ring.push(line);
      out.push(line);
      seen++;
    }
    if (ring.length > ringLines) ring.splice(0, ring.length - ringLines);
  }

  return {
    poll(): string[] {
      const out: string[] = [];
      if (!open()) return out;
      let size = fstatSync(fd!).size;
      if (size < offset) offset = 0; // truncated by someone else
      if (size - offset > maxRead) {
        const skipped = size - offset - maxRead;
        offset = size - maxRead;
        partial = '';
        push([`[berth: output too fast; skipped ${skipped} bytes, see the log file]`], out);
      }
      while (offset < size) {
        const n = readSync(fd!, buf, 0, Math.min(maxRead, size - offset), offset);
        if (n <= 0) break;
        offset += n;
        const text = partial + buf.toString('utf8', 0, n);
        const lines = text.split(/\r?\n/);
        partial = lines.pop() ?? '';
        if (partial.length > maxLine) {
          lines.push(partial);
          partial = '';
        }
        push(lines, out);
        if (out.length > ringLines) break;
      }
      if (size > cap) {
        copyFileSync(path, `${path}.1`);
        truncateSync(path, 0);
        offset = 0;
        size = 0;
      }
      return out;
    },
    since(cursor, limit = ringLines) {
      const first = seen - ring.length;
      const from = Math.min(Math.max(cursor, first), seen);
      const lines = ring.slice(from - first).slice(0, limit);
      return { lines, cursor: from + lines.length, truncated: cursor < first };
    },
    cursor: () => seen,
    last: (n) => ring.slice(-n),
    close(): void {
      if (fd !== null) closeSync(fd);
      fd = null;
    },
  };
}

/**
 * The last `n` lines of a log on disk (for `berth logs -n`), reading at most 4 MiB from each end.
 * Right after a rotation the current file is short: the rest comes from `<log>.1`.
 */
export function readLastLines(path: string, n: number): string[] {
  const current = readFileTail(path, n);
  if (current.length >= n) return current;
  return [...readFileTail(`${path}.1`, n - current.length), ...current];
}

function readFileTail(path: string, n: number): string[] {
  if (!existsSync(path)) return [];
  const size = statSync(path).size;
  const length = Math.min(size, 4 << 20);
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(length);
    readSync(fd, buf, 0, length, size - length);
    const lines = buf.toString('utf8').split(/\r?\n/);
    if (lines[lines.length - 1] === '') lines.pop();
    if (length < size) lines.shift(); // first line may be cut
    return lines.slice(-n);
  } finally {
    closeSync(fd);
  }
}
