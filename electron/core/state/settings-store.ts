import { join } from 'node:path';
import { DEFAULT_SETTINGS, Settings, type SettingsInput } from '../../contract/settings.js';
import { formatIssues } from '../../contract/issues.js';
import { fail, ok, type Result } from '../../contract/result.js';
import { readJsonFile, setAside, writeFileAtomic } from '../fs/atomic.js';
import type { NoticeInput } from '../../contract/views.js';

export type SettingsStore = Readonly<{
  get(): Settings;
  /** Validates the merged settings, writes them atomically, and only then applies them. */
  save(patch: Partial<SettingsInput>): Result<Settings>;
  onChange(listener: (s: Settings) => void): () => void;
}>;

/**
 * settings.json beside the profiles. A file that cannot be read or has the wrong shape is kept aside
 * with a notice and the defaults are used; memory never differs from disk after a failed write.
 */
export function openSettingsStore(dataDir: string, notify: (n: NoticeInput) => void): SettingsStore {
  const path = join(dataDir, 'settings.json');
  let current: Settings = DEFAULT_SETTINGS;
  const listeners = new Set<(s: Settings) => void>();
  const read = readJsonFile<unknown>(path);
  const problem = !read.ok ? read.error : read.value === undefined ? null : checkShape(read.value);
  if (problem !== null) {
    const aside = setAside(path, 'corrupt');
    notify({
      level: 'warning',
      kind: 'settings-file',
      text:
        `Your settings file could not be used (${problem}). ` +
        `It was moved to ${aside}; Berth uses the default settings.`,
      hint: `Fix that file and move it back to ${path}, or set the settings again.`,
    });
  } else if (read.ok && read.value !== undefined) {
    current = Settings.parse(stripVersion(read.value));
  }

  return {
    get: () => current,
    save(patch) {
      const parsed = Settings.safeParse({ ...current, ...patch });
      if (!parsed.success) return fail('bad-input', formatIssues(parsed.error));
      try {
        writeFileAtomic(path, JSON.stringify({ version: 1, ...parsed.data }, null, 2));
      } catch (err) {
        return fail(
          'failed',
          `The settings were not saved: ${(err as Error).message}.`,
          `Check that ${dataDir} is writable.`,
        );
      }
      current = parsed.data;
      for (const l of listeners) l(current);
      return ok(current);
    },
    onChange(l) {
      listeners.add(l);
      return () => void listeners.delete(l);
    },
  };
}

function stripVersion(v: unknown): unknown {
  const { version: _v, ...rest } = v as Record<string, unknown>;
  return rest;
}

function checkShape(v: unknown): string | null {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return 'it is not a settings object';
  const parsed = Settings.safeParse(stripVersion(v));
  return parsed.success ? null : formatIssues(parsed.error);
}
