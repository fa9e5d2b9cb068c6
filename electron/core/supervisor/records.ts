import { join } from 'node:path';
import { describeJsonValue, readJsonFile, setAside, writeFileAtomic } from '../fs/atomic.js';
import { parseRecord } from './record-shape.js';
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

export type LoadedRecords = { instances: Instance[]; notices: string[]; bootId: string | null };

/**
 * Reads instances.json. Nothing in it stops the host (issue 8 §7): a file that cannot be read or is
 * not a records file ([1,2,3], null, {"instances": "x"}) is kept aside as `instances.json.corrupt-<time>`;
 * entries that are not records are dropped and kept in `instances.rejected-<time>.json`, the valid
 * ones kept. Each case is returned as a notice naming where the file went.
 */
export function loadRecords(dataDir: string, bootId: string): LoadedRecords {
  const path = recordsPath(dataDir);
  const read = readJsonFile<unknown>(path);
  if (read.ok && read.value === undefined) return { instances: [], notices: [], bootId };
  const data = read.ok ? read.value : undefined;
  const entries = isRecordsFile(data) ? data.instances : null;
  if (entries === null) {
    const problem = read.ok ? `it holds ${describeShape(data)}, not instance records` : read.error;
    const aside = setAside(path, 'corrupt');
    return {
      instances: [],
      notices: [
        `The instance records could not be read (${problem}); moved to ${aside}. ` +
          'Servers started before may still run: see berth ports.',
      ],
      bootId: null,
    };
  }
  const instances: Instance[] = [];
  const rejected: { entry: number; record: unknown; problem: string }[] = [];
  entries.forEach((value, k) => {
    const parsed = parseRecord(value);
    if (parsed.ok) instances.push(parsed.instance);
    else rejected.push({ entry: k + 1, record: value, problem: parsed.problem });
  });
  const notices: string[] = [];
  if (rejected.length > 0) {
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const aside = join(dataDir, `instances.rejected-${stamp}.json`);
    writeFileAtomic(aside, JSON.stringify(rejected, null, 1));
    const listed = rejected
      .slice(0, 3)
      .map((r) => `entry ${r.entry}: ${r.problem}`)
      .join('; ');
    const more = rejected.length > 3 ? `; and ${rejected.length - 3} more` : '';
    notices.push(
      `${rejected.length} of the instance records could not be used (${listed}${more}) and were dropped; ` +
        `they are kept in ${aside}. Servers they describe may still run: see berth ports.`,
    );
  }
  const recordedBoot = (data as { bootId?: unknown }).bootId;
  return { instances, notices, bootId: typeof recordedBoot === 'string' ? recordedBoot : null };
}

function isRecordsFile(data: unknown): data is { instances: unknown[] } {
  return typeof data === 'object' && data !== null && Array.isArray((data as { instances?: unknown }).instances);
}

function describeShape(data: unknown): string {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return describeJsonValue(data);
  return 'an object whose "instances" is not a list';
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
