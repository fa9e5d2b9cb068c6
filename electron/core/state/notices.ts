import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Notice, NoticeInput } from '../../contract/views.js';
import { describeJsonValue, readJsonFile, setAside, writeFileAtomic } from '../fs/atomic.js';

export type { NoticeInput } from '../../contract/views.js';

export type NoticeStore = Readonly<{
  list(): readonly Notice[];
  /** Adds a notice; the same kind + text for the same subject again only refreshes its time. */
  add(input: NoticeInput): Notice;
  dismiss(ids: readonly string[] | 'all'): string[];
  onChange(listener: (notices: readonly Notice[]) => void): () => void;
  onAdded(listener: (notice: Notice) => void): () => void;
}>;

const MAX_NOTICES = 200;

/**
 * Notices persist in notices.json until dismissed (DESIGN.md "State"), so a CLI started a day later
 * still sees them. Written atomically. Nothing in the file stops the host (issue 8 §7): one that cannot
 * be read or is not a notices file is kept aside as `notices.json.corrupt-<time>`; entries that are not
 * notices are dropped and kept in `notices.rejected-<time>.json`; each case is said in a notice.
 */
export function openNoticeStore(dataDir: string): NoticeStore {
  const path = join(dataDir, 'notices.json');
  let notices: Notice[] = [];
  const changeListeners = new Set<(n: readonly Notice[]) => void>();
  const addListeners = new Set<(n: Notice) => void>();
  const read = readJsonFile<unknown>(path);
  const missing = read.ok && read.value === undefined;
  const entries = read.ok ? noticeEntries(read.value) : null;
  if (!missing && entries === null) {
    const problem = read.ok ? `it holds ${describeJsonValue(read.value)}, not a list of notices` : read.error;
    const aside = setAside(path, 'corrupt');
    notices.push(
      make({
        level: 'warning',
        kind: 'notices-file',
        text: `The notices file could not be read (${problem}); it was moved to ${aside}.`,
      }),
    );
    changed();
  } else if (entries !== null) {
    notices = entries.map(toNotice).filter((n): n is Notice => n !== null);
    const rejected = entries.filter((e) => toNotice(e) === null);
    if (rejected.length > 0) {
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      const aside = join(dataDir, `notices.rejected-${stamp}.json`);
      writeFileAtomic(aside, JSON.stringify(rejected, null, 1));
      notices.push(
        make({
          level: 'warning',
          kind: 'notices-file',
          text:
            `${rejected.length} of the saved notices could not be read and were dropped; ` +
            `they are kept in ${aside}.`,
        }),
      );
      changed();
    }
  }

  function persist(): void {
    writeFileAtomic(path, JSON.stringify({ version: 1, notices }, null, 1), { durable: false });
  }
  function changed(): void {
    try {
      persist();
    } catch {
      // A full or read-only disk must not take notices away from the faces: they stay in memory.
    }
    for (const l of changeListeners) l(notices);
  }

  return {
    list: () => notices,
    add(input) {
      const same = notices.find(
        (n) => n.kind === input.kind && n.text === input.text && n.profile === input.profile && n.port === input.port,
      );
      if (same) {
        const refreshed = { ...same, at: Date.now() };
        notices = notices.map((n) => (n === same ? refreshed : n));
        changed();
        return refreshed;
      }
      const notice = make(input);
      notices = [...notices, notice].slice(-MAX_NOTICES);
      changed();
      for (const l of addListeners) l(notice);
      return notice;
    },
    dismiss(ids) {
      const gone =
        ids === 'all' ? notices.map((n) => n.id) : notices.filter((n) => ids.includes(n.id)).map((n) => n.id);
      if (gone.length === 0) return [];
      notices = notices.filter((n) => !gone.includes(n.id));
      changed();
      return gone;
    },
    onChange(l) {
      changeListeners.add(l);
      return () => void changeListeners.delete(l);
    },
    onAdded(l) {
      addListeners.add(l);
      return () => void addListeners.delete(l);
    },
  };
}

function make(input: NoticeInput): Notice {
  const id = `n-${Date.now().toString(36)}-${randomBytes(2).toString('hex')}`;
  const n: Record<string, unknown> = { id, level: input.level, at: Date.now(), kind: input.kind, text: input.text };
  for (const k of ['hint', 'profile', 'instance', 'port'] as const) if (input[k] !== undefined) n[k] = input[k];
  return n as Notice;
}

/** The entries of a notices file ({"version": 1, "notices": [...]}), or null when it is not one. */
function noticeEntries(data: unknown): unknown[] | null {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return null;
  const list = (data as { notices?: unknown }).notices;
  return Array.isArray(list) ? list : null;
}

/** A saved notice with the fields every face reads, each of its type; null when it is not one. */
function toNotice(v: unknown): Notice | null {
  const n = v as Partial<Record<keyof Notice, unknown>> | null;
  if (typeof n !== 'object' || n === null || Array.isArray(n)) return null;
  const valid =
    typeof n.id === 'string' &&
    typeof n.text === 'string' &&
    typeof n.at === 'number' &&
    typeof n.kind === 'string' &&
    (n.level === 'info' || n.level === 'warning' || n.level === 'error') &&
    (['hint', 'profile', 'instance'] as const).every((k) => n[k] === undefined || typeof n[k] === 'string') &&
    (n.port === undefined || typeof n.port === 'number');
  if (!valid) return null;
  const out: Record<string, unknown> = { id: n.id, level: n.level, at: n.at, kind: n.kind, text: n.text };
  for (const k of ['hint', 'profile', 'instance', 'port'] as const) if (n[k] !== undefined) out[k] = n[k];
  return out as Notice;
}
