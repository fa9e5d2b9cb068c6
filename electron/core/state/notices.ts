import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Notice, NoticeInput } from '../../contract/views.js';
import { readJsonFile, setAside, writeFileAtomic } from '../fs/atomic.js';

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
 * still sees them. Written atomically; an unreadable file is kept aside and said so in a notice.
 */
export function openNoticeStore(dataDir: string): NoticeStore {
  const path = join(dataDir, 'notices.json');
  let notices: Notice[] = [];
  const changeListeners = new Set<(n: readonly Notice[]) => void>();
  const addListeners = new Set<(n: Notice) => void>();
  const read = readJsonFile<{ notices?: unknown }>(path);
  let problem: string | null = null;
  if (!read.ok) problem = read.error;
  else if (read.value !== undefined) {
    if (Array.isArray(read.value.notices)) notices = read.value.notices.filter(isNotice);
    else problem = 'it is not a notices file';
  }
  if (problem !== null) {
    const aside = setAside(path, 'corrupt');
    notices.push(
      make({
        level: 'warning',
        kind: 'notices-file',
        text: `The notices file could not be read (${problem}); it was moved to ${aside}.`,
      }),
    );
    persist();
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

function isNotice(v: unknown): v is Notice {
  const n = v as Partial<Notice> | null;
  return (
    typeof n === 'object' &&
    n !== null &&
    typeof n.id === 'string' &&
    typeof n.text === 'string' &&
    typeof n.at === 'number' &&
    typeof n.kind === 'string' &&
    (n.level === 'info' || n.level === 'warning' || n.level === 'error')
  );
}
