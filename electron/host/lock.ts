import { openSync, writeSync, closeSync, readFileSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { getProcessInfo } from '../core/processes/process-table.js';
import { checkIdentity } from '../core/processes/identity.js';

/**
 * One host per data dir: host.lock holds the host's pid and start stamp. A lock whose process is
 * gone (or whose pid now belongs to another process) is stale and taken over.
 */
export type HostLock = Readonly<{ release(): void }>;
export type LockHolder = Readonly<{ pid: number; startKey: string }>;

export async function acquireHostLock(dataDir: string): Promise<{ ok: true; lock: HostLock } | { ok: false; holder: LockHolder }> {
  const path = join(dataDir, 'host.lock');
  const me = await getProcessInfo(process.pid);
  const content = JSON.stringify({ pid: process.pid, startKey: me?.startKey ?? '' });
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      writeSync(fd, content);
      closeSync(fd);
      return { ok: true, lock: { release: () => releaseIfOurs(path, content) } };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const holder = readHolder(path);
    if (holder && (await checkIdentity(holder)) === 'same') return { ok: false, holder };
    try {
      unlinkSync(path); // stale: its host is gone
    } catch {
      // someone else removed it first; try again
    }
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
