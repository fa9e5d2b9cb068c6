import { readFileSync, unwatchFile, watch, watchFile, type FSWatcher } from 'node:fs';
import { join } from 'node:path';
import { Profile } from './schema.js';
import { readJsonFile, setAside } from '../fs/atomic.js';
import { fail, ok, type Result } from '../../contract/result.js';
import type { NoticeInput } from '../../contract/views.js';
import { checkShape, loadProfiles, profilesFileNotice, PROFILES_VERSION } from './load-profiles.js';

export { PROFILES_VERSION } from './load-profiles.js';

/**
 * Profiles on disk, through a Conf-compatible store (conf here, electron-store in the app, same
 * options). Only the host writes (conf does not support several writers). A file that cannot be
 * read, or has the wrong shape, is moved aside with a timestamp and reported; invalid entries are
 * saved aside, reported, and the valid ones kept. Nothing invalid is ever written. Memory never
 * differs from disk after a failed write, and an edit made by hand is picked up, never overwritten.
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

export function profileConfOptions(dataDir: string): ConfOptions {
  return {
    cwd: dataDir,
    configName: 'profiles',
    clearInvalidConfig: false,
    accessPropertiesByDotNotation: false,
    configFileMode: 0o600,
  };
}

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
  /** Re-reads the file if it changed on disk (the watcher calls it; so does every write). */
  reload(): void;
  close(): void;
}>;

export type ProfileStoreOptions = Readonly<{ open?: OpenConf; notify?: (n: NoticeInput) => void; watchMs?: number }>;

export async function openProfileStore(dataDir: string, options: ProfileStoreOptions = {}): Promise<ProfileStore> {
  const opener = options.open ?? (await defaultOpener());
  const file = join(dataDir, 'profiles.json');
  const notices: NoticeInput[] = [];
  const listeners = new Set<(p: readonly Profile[]) => void>();
  const notify = (n: NoticeInput): void => (options.notify ? options.notify(n) : void notices.push(n));
  const readDisk = (): string | null => {
    try {
      return readFileSync(file, 'utf8');
    } catch {
      return null;
    }
  };

  /** Keeps a file that is not a valid profiles file aside (with a notice); true when it did. */
  function setAsideIfBroken(running = false): boolean {
    // conf turns any JSON into an object ([1,2] becomes {0: 1, 1: 2}), so the shape is checked on the raw file first.
    const read = readJsonFile<unknown>(file);
    const shape = read.ok && read.value !== undefined ? checkShape(read.value) : null;
    const problem = !read.ok
      ? `could not be read (${read.error})`
      : shape !== null
        ? `is not a profiles file (${shape})`
        : null;
    if (problem === null) return false;
    const aside = setAside(file, 'corrupt');
    if (!running) notify(profilesFileNotice(problem, aside, file));
    else
      notify({
        level: 'error',
        kind: 'profiles-file',
        text:
          `Your edit of profiles.json ${problem}. It was moved to ${aside}; Berth kept the ` +
          `${profiles.size === 1 ? 'profile' : `${profiles.size} profiles`} it had and wrote them back to ${file}.`,
        hint: `Fix your edit in ${aside} and save it as ${file} again.`,
      });
    return true;
  }

  setAsideIfBroken();
  const conf: ConfLike = opener(profileConfOptions(dataDir));
  const first = loadProfiles(conf.store, dataDir, file);
  for (const n of first.notices) notify(n);
  let profiles = first.profiles;
  let known: string | null = null;
  const sorted = (): Profile[] => [...profiles.values()].sort((a, b) => a.name.localeCompare(b.name));
  function write(next: Map<string, Profile>): void {
    const out: Record<string, Profile> = {};
    for (const p of [...next.values()].sort((a, b) => a.name.localeCompare(b.name))) out[p.name] = p;
    conf.store = { version: PROFILES_VERSION, profiles: out };
    known = readDisk();
  }
  if (first.rewrite) write(profiles);
  else known = readDisk();
  const changed = (): void => {
    const list = sorted();
    for (const l of listeners) l(list);
  };

  /** An edit made by hand while the host runs: loaded when valid, kept aside with a notice when not. */
  function reload(): void {
    const now = readDisk();
    if (now === known) return;
    known = now;
    if (now === null) return; // removed by hand: the next save writes the profiles Berth has
    if (setAsideIfBroken(true)) {
      // The profiles in memory are the last good ones: on disk again, they survive the next host.
      write(profiles);
      return;
    }
    try {
      const loaded = loadProfiles(conf.store, dataDir, file);
      for (const n of loaded.notices) notify(n);
      profiles = loaded.profiles;
      if (loaded.rewrite) write(profiles);
      notify({ level: 'info', kind: 'profiles-reloaded', text: 'Your edit of profiles.json was loaded.' });
      changed();
    } catch (err) {
      notify({
        level: 'error',
        kind: 'profiles-file',
        text: `Your edit of profiles.json could not be loaded: ${(err as Error).message}`,
      });
    }
  }

  // A hand edit is seen at once through the folder's change events, and by polling the file's stat
  // where those are unavailable or missed (network and some container file systems): every second
  // without folder events, every 5 s as the safety net beside them (each poll wakes the host).
  let folderWatch: FSWatcher | undefined;
  if (options.watchMs !== 0) {
    try {
      folderWatch = watch(dataDir, { persistent: false }, (_event, name) => {
        if (name === null || name === 'profiles.json') reload();
      });
      folderWatch.on('error', () => folderWatch?.close());
    } catch {
      folderWatch = undefined;
    }
    const pollMs = options.watchMs ?? (folderWatch !== undefined ? 5000 : 1000);
    watchFile(file, { interval: pollMs, persistent: false }, () => reload());
  }

  return {
    list: sorted,
    get: (name) => profiles.get(name),
    replaceAll(next) {
      if (readDisk() !== known) {
        reload();
        return fail(
          'busy',
          'profiles.json was changed on disk meanwhile; Berth loaded that version and did not apply this change.',
          'Look at the profiles again and repeat the change.',
        );
      }
      const updated = new Map<string, Profile>();
      for (const p of next) updated.set(p.name, Profile.parse(p));
      try {
        write(updated);
      } catch (err) {
        return fail(
          'failed',
          `The change was not saved: ${(err as Error).message}.`,
          `Check that ${dataDir} is writable and the disk has space.`,
        );
      }
      profiles = updated;
      changed();
      return ok(undefined);
    },
    onChange(l) {
      listeners.add(l);
      return () => void listeners.delete(l);
    },
    notices,
    reload,
    close: () => {
      unwatchFile(file);
      folderWatch?.close();
    },
  };
}

async function defaultOpener(): Promise<OpenConf> {
  const { default: Conf } = await import('conf');
  return (options) => new Conf(options) as unknown as ConfLike;
}
