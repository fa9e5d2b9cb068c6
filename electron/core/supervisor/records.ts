import { join } from 'node:path';
import { readJsonFile, setAside, writeFileAtomic } from '../fs/atomic.js';
import type { Instance } from './types.js';
import { isActive } from './types.js';

/**
 * instances.json in the data dir: every instance Berth launched and has not forgotten, written
 * atomically on each change, so a host that restarts can adopt the live ones.
 */
const VERSION = 1;
/** Ended instances kept (and shown by `status --all`). */
export const KEEP_ENDED = 50;

export type RecordFile = Readonly<{ path: string; bootId: string }>;

export function recordsPath(dataDir: string): string {
  return join(dataDir, 'instances.json');
}

export function loadRecords(
  dataDir: string,
  bootId: string,
): { instances: Instance[]; notices: string[]; bootId: string | null } {
  const path = recordsPath(dataDir);
  const read = readJsonFile<{ version: number; bootId?: string; instances: Instance[] }>(path);
  if (!read.ok) {
    const aside = setAside(path, 'corrupt');
    return {
      instances: [],
      notices: [
        `The instance records could not be read (${read.error}); moved to ${aside}. ` +
          'Servers started before may still run: see berth ports.',
      ],
      bootId: null,
    };
  }
  const data = read.value;
  if (!data || !Array.isArray(data.instances)) return { instances: [], notices: [], bootId };
  return {
    instances: data.instances.map((i) => ({
      ...i,
      nextRestartAt: i.nextRestartAt ?? null,
      members: Array.isArray(i.members) ? i.members : [],
    })),
    notices: [],
    bootId: data.bootId ?? null,
  };
}

export function saveRecords(dataDir: string, bootId: string, instances: readonly Instance[]): void {
  const active = instances.filter(isActive);
  const ended = instances.filter((i) => !isActive(i)).slice(-KEEP_ENDED);
  // Not fsynced: the records describe processes of this boot only (see writeFileAtomic).
  writeFileAtomic(
    recordsPath(dataDir),
    JSON.stringify({ version: VERSION, bootId, instances: [...ended, ...active] }, null, 1),
    { durable: false },
  );
}
