import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { dirname, basename, join } from 'node:path';

/**
 * Writes a file so that a reader (or a crash) sees either the old or the new content, never half:
 * write a temp file beside it, fsync, rename over (DESIGN.md "Processes and ports", data dir rule).
 * `durable: false` skips the fsync, for state that only matters until the next boot (the instance
 * records): the rename alone already protects it from a crash of the host process, and an fsync
 * on the host's thread can wait a second behind a server flooding the same disk with its log.
 */
export function writeFileAtomic(
  path: string,
  data: string,
  options: Readonly<{ mode?: number; durable?: boolean }> = {},
): void {
  const mode = options.mode ?? 0o600;
  mkdirSync(dirname(path), { recursive: true });
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  const fd = openSync(tmp, 'w', mode);
  try {
    writeSync(fd, data);
    if (options.durable !== false) fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}

/** Moves a damaged file aside with a timestamp and returns the new path. */
export function setAside(path: string, label: string): string {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const target = `${path}.${label}-${stamp}`;
  renameSync(path, target);
  return target;
}

export type JsonRead<T> = { ok: true; value: T | undefined } | { ok: false; error: string };

/** undefined when the file does not exist; an error (not a throw) when it is not valid JSON. */
export function readJsonFile<T>(path: string): JsonRead<T> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { ok: true, value: undefined };
    return { ok: false, error: (err as Error).message };
  }
  try {
    return { ok: true, value: JSON.parse(text) as T };
  } catch (err) {
    return { ok: false, error: (err as Error).message };
  }
}

/** "null", "an array", "a string": what a parsed JSON value is, for messages about a file of the wrong shape. */
export function describeJsonValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
