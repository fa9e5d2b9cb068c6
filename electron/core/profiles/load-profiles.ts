import { copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { Profile } from './schema.js';
import { writeFileAtomic } from '../fs/atomic.js';
import { formatIssues } from '../../contract/issues.js';
import type { NoticeInput } from '../../contract/views.js';

export const PROFILES_VERSION = 1;

type Migration = (data: Record<string, unknown>) => { data: Record<string, unknown>; lost: string[] };

/** Ordered migrations: index i upgrades data of version i to i + 1, and names what it could not convert. */
const MIGRATIONS: Migration[] = [
  // v0 (unversioned): `profiles` was an array; v1 keys them by name.
  (data) => {
    if (!Array.isArray(data.profiles))
      return { data: { ...data, version: 1, profiles: data.profiles ?? {} }, lost: [] };
    const profiles: Record<string, unknown> = {};
    const lost: string[] = [];
    for (const [i, p] of (data.profiles as { name?: unknown }[]).entries()) {
      if (typeof p?.name === 'string') profiles[p.name] = p;
      else lost.push(`entry ${i + 1} has no name`);
    }
    return { data: { ...data, version: 1, profiles }, lost };
  },
];

export type Loaded = Readonly<{ profiles: Map<string, Profile>; notices: NoticeInput[]; rewrite: boolean }>;

/** What is wrong with a parsed profiles file's shape ([1,2,3], null, "x"), or null when it is one. */
export function checkShape(data: unknown): string | null {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return `it holds ${Array.isArray(data) ? 'an array' : data === null ? 'null' : `a ${typeof data}`}`;
  }
  const profiles = (data as { profiles?: unknown }).profiles;
  if (profiles !== undefined && (typeof profiles !== 'object' || profiles === null))
    return '"profiles" is not a list or a map';
  return null;
}

/**
 * Migrates and validates stored data. Before a migration rewrites the file, the original is copied
 * aside; entries a migration cannot convert and invalid entries are reported and kept aside.
 */
export function loadProfiles(raw: Record<string, unknown>, dataDir: string, file: string): Loaded {
  const notices: NoticeInput[] = [];
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  let data = raw;
  const fromVersion = typeof data.version === 'number' ? data.version : 0;
  if (fromVersion > PROFILES_VERSION) {
    throw new Error(
      'profiles.json was written by a newer Berth ' +
        `(format ${fromVersion}; this one reads up to ${PROFILES_VERSION}). Update Berth; the file was left untouched.`,
    );
  }
  if (fromVersion < PROFILES_VERSION && existsSync(file)) {
    const backup = join(dataDir, `profiles.v${fromVersion}-backup-${stamp}.json`);
    copyFileSync(file, backup);
    const lost: string[] = [];
    for (let v = fromVersion; v < PROFILES_VERSION; v++) {
      const step = MIGRATIONS[v]!(data);
      data = step.data;
      lost.push(...step.lost);
    }
    if (lost.length > 0) {
      notices.push({
        level: 'warning',
        kind: 'profiles-migration',
        text:
          `Updating your profiles file to format ${PROFILES_VERSION} could not convert: ${lost.join('; ')}. ` +
          `The original file is kept in ${backup}.`,
      });
    }
  }
  const profiles = new Map<string, Profile>();
  const rejected: Record<string, { profile: unknown; problem: string }> = {};
  for (const [name, value] of Object.entries((data.profiles as Record<string, unknown> | undefined) ?? {})) {
    const parsed = Profile.safeParse(value);
    if (parsed.success && parsed.data.name === name) profiles.set(name, parsed.data);
    else
      rejected[name] = {
        profile: value,
        problem: parsed.success ? `stored under "${name}" but named "${parsed.data.name}"` : formatIssues(parsed.error),
      };
  }
  if (Object.keys(rejected).length > 0) {
    const aside = join(dataDir, `profiles.rejected-${stamp}.json`);
    writeFileAtomic(aside, JSON.stringify(rejected, null, 2));
    for (const [name, r] of Object.entries(rejected)) {
      notices.push({
        level: 'warning',
        kind: 'profile-rejected',
        profile: name,
        text: `Profile "${name}" is invalid (${r.problem}) and was not loaded; it is kept in ${aside}.`,
      });
    }
  }
  return { profiles, notices, rewrite: fromVersion !== PROFILES_VERSION || Object.keys(rejected).length > 0 };
}

export function profilesFileNotice(what: string, aside: string, file: string): NoticeInput {
  return {
    level: 'error',
    kind: 'profiles-file',
    text: `Your profiles file ${what}. It was moved to ${aside}; Berth starts without those profiles.`,
    hint: `Fix that file and move it back to ${file} to restore them.`,
  };
}
