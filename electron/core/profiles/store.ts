import { join } from 'node:path';
import { Profile } from './schema.js';
import { readJsonFile, setAside, writeFileAtomic } from '../fs/atomic.js';
import { formatIssues } from '../../contract/issues.js';
import { fail, ok, type Result } from '../../contract/result.js';
import type { NoticeInput } from '../../contract/views.js';

/**
 * Profiles on disk, through a Conf-compatible store (conf here, electron-store in the app, same
 * options). Only the host writes (conf does not support several writers). A file that cannot be
 * read is moved aside with a timestamp and reported; invalid entries are saved aside, reported, and
 * the valid ones kept. Nothing invalid is ever written.
 */
export type ConfLike = { store: Record<string, unknown>; readonly path: string };
export type OpenConf = (options: ConfOptions) => ConfLike;
export type ConfOptions = Readonly<{
  cwd: string;
  configName: string;
  clearInvalidConfig: false;
  accessPropertiesByDotNotation: false;
  configFileMode: number;
}>;

export const PROFILES_VERSION = 1;

export function profileConfOptions(dataDir: string): ConfOptions {
  return { cwd: dataDir, configName: 'profiles', clearInvalidConfig: false, accessPropertiesByDotNotation: false, configFileMode: 0o600 };
}

type Stored = { version: number; profiles: Record<string, unknown> };

/** Ordered migrations: index i upgrades data of version i to i + 1. */
const MIGRATIONS: ((data: Record<string, unknown>) => Record<string, unknown>)[] = [
  // v0 (unversioned): `profiles` was an array; v1 keys them by name.
  (data) => {
    const list = Array.isArray(data.profiles) ? (data.profiles as { name?: unknown }[]) : [];
    const profiles: Record<string, unknown> = {};
    for (const p of list) if (typeof p?.name === 'string') profiles[p.name] = p;
    return { ...data, version: 1, profiles: Array.isArray(data.profiles) ? profiles : (data.profiles ?? {}) };
  },
];

export type ProfileStore = Readonly<{
  list(): Profile[];
  get(name: string): Profile | undefined;
  /**
   * Writes the whole set at once (atomic): used by save, remove and sticky-port updates. A failed
   * write changes nothing, in memory or on disk, and says why.
   */
  replaceAll(profiles: readonly Profile[]): Result<void>;
  onChange(listener: (profiles: readonly Profile[]) => void): () => void;
  /** Problems found while loading, already handled (files set aside); raised as notices. */
  notices: readonly NoticeInput[];
}>;

export async function openProfileStore(dataDir: string, open?: OpenConf): Promise<ProfileStore> {
  const opener = open ?? (await defaultOpener());
  const options = profileConfOptions(dataDir);
  const file = join(dataDir, 'profiles.json');
  const notices: NoticeInput[] = [];
  const listeners = new Set<(p: readonly Profile[]) => void>();
  // conf turns any JSON into an object ([1,2] becomes {0: 1, 1: 2}), so the shape is checked on the raw file first.
  const read = readJsonFile<unknown>(file);
  const problem = !read.ok ? `could not be read (${read.error})` : read.value !== undefined && checkShape(read.value) !== null ? `is not a profiles file (${checkShape(read.value)})` : null;
  if (problem !== null) {
    const aside = setAside(file, 'corrupt');
    notices.push(profilesFileNotice(problem, aside, file));
  }
  const conf: ConfLike = opener(options);
  let data: Record<string, unknown> = conf.store;
  const fromVersion = typeof data.version === 'number' ? data.version : 0;
  if (fromVersion > PROFILES_VERSION) {
    throw new Error(`profiles.json was written by a newer Berth (format ${fromVersion}; this one reads up to ${PROFILES_VERSION}). Update Berth; the file was left untouched.`);
  }
  for (let v = fromVersion; v < PROFILES_VERSION; v++) data = MIGRATIONS[v]!(data);

  const profiles = new Map<string, Profile>();
  const rejected: Record<string, { profile: unknown; problem: string }> = {};
  for (const [name, value] of Object.entries((data as Stored).profiles ?? {})) {
    const parsed = Profile.safeParse(value);
    if (parsed.success && parsed.data.name === name) profiles.set(name, parsed.data);
    else rejected[name] = { profile: value, problem: parsed.success ? `stored under "${name}" but named "${parsed.data.name}"` : formatIssues(parsed.error) };
  }
  if (Object.keys(rejected).length > 0) {
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const aside = join(dataDir, `profiles.rejected-${stamp}.json`);
    writeFileAtomic(aside, JSON.stringify(rejected, null, 2));
    for (const [name, r] of Object.entries(rejected)) {
      notices.push({ level: 'warning', kind: 'profile-rejected', profile: name, text: `Profile "${name}" is invalid (${r.problem}) and was not loaded; it is kept in ${aside}.` });
    }
  }
  if (fromVersion !== PROFILES_VERSION || Object.keys(rejected).length > 0) write();

  function write(): void {
    const out: Record<string, Profile> = {};
    for (const p of [...profiles.values()].sort((a, b) => a.name.localeCompare(b.name))) out[p.name] = p;
    conf.store = { version: PROFILES_VERSION, profiles: out };
  }

  return {
    list: () => [...profiles.values()].sort((a, b) => a.name.localeCompare(b.name)),
    get: (name) => profiles.get(name),
    replaceAll(next) {
      const before = new Map(profiles);
      profiles.clear();
      for (const p of next) profiles.set(p.name, Profile.parse(p));
      try {
        write();
      } catch (err) {
        profiles.clear();
        for (const [k, v] of before) profiles.set(k, v);
        return fail('failed', `The change was not saved: ${(err as Error).message}.`, `Check that ${dataDir} is writable and the disk has space.`);
      }
      const list = [...profiles.values()].sort((a, b) => a.name.localeCompare(b.name));
      for (const l of listeners) l(list);
      return ok(undefined);
    },
    onChange(l) {
      listeners.add(l);
      return () => void listeners.delete(l);
    },
    notices,
  };
}

async function defaultOpener(): Promise<OpenConf> {
  const { default: Conf } = await import('conf');
  return (options) => new Conf(options) as unknown as ConfLike;
}

function profilesFileNotice(what: string, aside: string, file: string): NoticeInput {
  return {
    level: 'error',
    kind: 'profiles-file',
    text: `Your profiles file ${what}. It was moved to ${aside}; Berth starts without those profiles.`,
    hint: `Fix that file and move it back to ${file} to restore them.`,
  };
}

function checkShape(data: unknown): string | null {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return `it holds ${Array.isArray(data) ? 'an array' : data === null ? 'null' : `a ${typeof data}`}`;
  const profiles = (data as { profiles?: unknown }).profiles;
  if (profiles !== undefined && (typeof profiles !== 'object' || profiles === null)) return '"profiles" is not a list or a map';
  return null;
}
