import { openSync, writeSync, closeSync, linkSync, readFileSync, renameSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { getProcessInfo } from '../core/processes/process-table.js';
import { checkIdentity } from '../core/processes/identity.js';

/**
 * One host per data dir: host.lock holds the host's pid and start stamp. A lock whose process is
 * gone (or whose pid now belongs to another process) is stale and taken over.
 */
export type HostLock = Readonly<{ release(): void }>;
export type LockHolder = Readonly<{ pid: number; startKey: string }>;

export async function acquireHostLock(
  dataDir: string,
): Promise<{ ok: true; lock: HostLock } | { ok: false; holder: LockHolder }> {
  const path = join(dataDir, 'host.lock');
  const me = await getProcessInfo(process.pid);
  const content = JSON.stringify({ pid: process.pid, startKey: me?.startKey ?? '' });
  for (let attempt = 0; attempt < 3; attempt++) {
    // Written whole to a temp file, then linked into place: link fails when the lock exists, and a
    // reader never sees an empty lock (which it would take for a stale one and remove).
    const tmp = `${path}.${process.pid}.tmp`;
    const fd = openSync(tmp, 'w', 0o600);
    writeSync(fd, content);
    closeSync(fd);
    try {
      linkSync(tmp, path);
      return { ok: true, lock: { release: () => releaseIfOurs(path, content) } };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    } finally {
      unlinkSync(tmp);
    }
    const seen = readText(path);
    const holder = readHolder(path);
    if (holder && (await checkIdentity(holder)) === 'same') return { ok: false, holder };
    removeStale(path, seen);
  }
  throw new Error(`Could not take ${path}; remove it if no Berth host runs.`);
}

export function readHolder(path: string): LockHolder | null {
  try {
    const v = JSON.parse(readFileSync(path, 'utf8')) as LockHolder;
    return typeof v.pid === 'number' && typeof v.startKey === 'string' ? v : null;
  } catch {
    return null;
  }
}

function releaseIfOurs(path: string, content: string): void {
  try {
    if (readFileSync(path, 'utf8') === content) unlinkSync(path);
  } catch {
    // already gone
  }
}

function readText(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

/**
 * Removes a stale lock, but only the one that was judged stale: two hosts starting at once may both
 * judge it, and the second must not remove the lock the first has just taken.
 */
function removeStale(path: string, seen: string | null): void {
  const moved = `${path}.${process.pid}.stale`;
  try {
    renameSync(path, moved);
  } catch {
    return; // someone else removed it first; try again
  }
  if (readText(moved) !== seen) {
    try {
      linkSync(moved, path); // a live lock taken meanwhile: put it back
    } catch {
      // another one is in place already
    }
  }
  unlinkSync(moved);
}
