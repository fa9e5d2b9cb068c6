import {
  closeSync,
  copyFileSync,
  renameSync,
  rmSync,
  fstatSync,
  openSync,
  readSync,
  writeSync,
  ftruncateSync,
  existsSync,
  statSync,
} from 'node:fs';

/** The log file on disk: rotation to `<log>.1` without losing the server's writes, and tail reads across it. */

/**
 * Copies the log to `<log>.1` and empties it. The bulk is copied by the kernel (copy_file_range)
 * to `<log>.1.tmp`; then what the server wrote meanwhile is appended, until a size check shows the
 * file did not grow since the last copy, and only then is it truncated: the single instant a
 * write can be lost is between that check and the truncation (two system calls). If the server
 * keeps writing for 20 ms, the rotation is put off (null; the next poll tries again) and `<log>.1`
 * keeps the older output, unless `force` (the log is far past its cap): then the last delta is
 * copied and the file truncated, losing what was written during that copy.
 * Returns the bytes moved to `<log>.1`, or null when put off.
 */
export function rotateLog(path: string, force = false): number | null {
  const tmpPath = `${path}.1.tmp`;
  copyFileSync(path, tmpPath);
  let copied = statSync(tmpPath).size;
  const src = openSync(path, 'r+');
  const dst = openSync(tmpPath, 'a');
  const chunk = Buffer.alloc(1 << 20);
  const deadline = performance.now() + 20;
  let done = false;
  try {
    for (;;) {
      const size = fstatSync(src).size;
      if (size === copied) break;
      if (size < copied) return null; // truncated by someone else meanwhile
      const late = performance.now() > deadline;
      if (late && !force) return null;
      while (copied < size) {
        const n = readSync(src, chunk, 0, Math.min(chunk.length, size - copied), copied);
        if (n <= 0) break;
        writeSync(dst, chunk, 0, n);
        copied += n;
      }
      if (late) break;
    }
    ftruncateSync(src, 0);
    done = true;
    return copied;
  } finally {
    closeSync(src);
    closeSync(dst);
    if (done) renameSync(tmpPath, `${path}.1`);
    else rmSync(tmpPath, { force: true });
  }
}

export function readRange(path: string, from: number, to: number): string {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(to - from);
    const n = readSync(fd, buf, 0, buf.length, from);
    return buf.toString('utf8', 0, n);
  } finally {
    closeSync(fd);
  }
}

/**
 * The last `n` lines of a log on disk (for `berth logs -n`), reading at most 4 MiB from each end.
 * Right after a rotation the current file is short: the rest comes from `<log>.1`.
 */
export function readLastLines(path: string, n: number): string[] {
  const current = readFileTail(path, n + 1);
  if (current.lines.length > n || (current.lines.length === n && current.cut)) return current.lines.slice(-n);
  const older = readFileTail(`${path}.1`, n + 1);
  const lines = [...older.lines];
  // A line the rotation split: its start ends `<log>.1` without a newline, the rest opens the log.
  if (older.unterminated && lines.length > 0 && current.lines.length > 0)
    lines[lines.length - 1] += current.lines.shift()!;
  return [...lines, ...current.lines].slice(-n);
}

function readFileTail(path: string, n: number): { lines: string[]; cut: boolean; unterminated: boolean } {
  if (!existsSync(path)) return { lines: [], cut: false, unterminated: false };
  const size = statSync(path).size;
  const length = Math.min(size, 4 << 20);
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(length);
    const got = readSync(fd, buf, 0, length, size - length);
    const text = buf.toString('utf8', 0, got);
    const lines = text.split(/\r?\n/);
    const unterminated = lines[lines.length - 1] !== '';
    if (!unterminated) lines.pop();
    if (length < size) lines.shift(); // first line may be cut
    return { lines: lines.slice(-n), cut: length < size || lines.length > n, unterminated };
  } finally {
    closeSync(fd);
  }
}
