import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { readRange, rotateLog } from './log-files.js';

/**
 * Follows an instance's log file. The server writes to the file directly (its stdout/stderr are the
 * file), so output never flows through the host: a host that dies or lags cannot block or kill the
 * server, and heavy output costs the host only what it chooses to read. Per poll it reads at most
 * `maxReadBytes`; when further behind it skips ahead (noting how much). Past `capBytes` the file is
 * copied to `<log>.1` and truncated in place (the server's O_APPEND fd keeps writing at the new end),
 * at a moment the server is not writing; see `rotateLog`.
 */
export type LogTailOptions = Readonly<{
  ringLines?: number;
  maxReadBytes?: number;
  capBytes?: number;
  maxLineLength?: number;
  fromStart?: boolean;
}>;

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

/** Past this many times its cap, a log is rotated even while the server writes without pause. */
const FORCE_FACTOR = 5;

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

  /** Complete lines of `partial + text`; the unfinished end goes back through `keep`. */
  function splitComplete(text: string, keep: (rest: string) => void): string[] {
    const lines = (partial + text).split(/\r?\n/);
    let rest = lines.pop() ?? '';
    if (rest.length > maxLine) {
      lines.push(rest);
      rest = '';
    }
    keep(rest);
    return lines;
  }

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
        push(
          splitComplete(buf.toString('utf8', 0, n), (rest) => (partial = rest)),
          out,
        );
        if (out.length > ringLines) break;
      }
      const copied = size > cap ? rotateLog(path, size > cap * FORCE_FACTOR) : null;
      if (copied !== null) {
        // What the server wrote after this poll's read and before the truncation is in `<log>.1`.
        // Like any read, at most `maxReadBytes` of it: a flood is skipped, not parsed.
        let from = offset;
        if (copied - from > maxRead) {
          push([`[berth: output too fast; skipped ${copied - maxRead - from} bytes, see the log file]`], out);
          from = copied - maxRead;
          partial = '';
        }
        if (copied > from)
          push(
            splitComplete(readRange(`${path}.1`, from, copied), (rest) => (partial = rest)),
            out,
          );
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

export { readLastLines, rotateLog } from './log-files.js';
