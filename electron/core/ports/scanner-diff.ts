import type { Listener, Owner, ScanResult } from './types.js';
import { compareListeners } from './linux-source.js';

/**
 * What changed between two scans, keyed by socket (inode + port + address). The worker posts only
 * this, so an unchanged poll sends nothing and a new listener clones one object, not thousands.
 */
export type ScanDiff = Readonly<{
  added: readonly Listener[];
  /** Keys (see listenerKeys) of listeners that are gone. */
  removed: readonly string[];
  /** Listeners whose key stayed but whose owner or reason changed, with that key. */
  changed: readonly Readonly<{ key: string; listener: Listener }>[];
  source: string;
  takenAt: number;
}>;

export type DiffCounts = Readonly<{ added: number; removed: number; changed: number }>;

export const countDiff = (d: ScanDiff): DiffCounts => ({
  added: d.added.length,
  removed: d.removed.length,
  changed: d.changed.length,
});

/**
 * Keys for a result's listeners, in order. Platforms without inodes (lsof, netstat: inode 0) add the
 * pid; an exact repeat (two sockets one process holds on one port, SO_REUSEPORT) gets `#n`.
 */
export function listenerKeys(listeners: readonly Listener[]): Map<string, Listener> {
  const out = new Map<string, Listener>();
  for (const l of listeners) {
    const base = baseKey(l);
    let key = base;
    for (let n = 2; out.has(key); n++) key = `${base}#${n}`;
    out.set(key, l);
  }
  return out;
}

// Listener objects are immutable and reused from scan to scan: each one's key is built once.
const baseKeys = new WeakMap<Listener, string>();

function baseKey(l: Listener): string {
  let key = baseKeys.get(l);
  if (key === undefined) {
    key = l.inode !== 0 ? `${l.inode}|${l.port}|${l.address}` : `0|${l.port}|${l.address}|${l.pid ?? ''}`;
    baseKeys.set(l, key);
  }
  return key;
}

/** The diff from `prev` to `next`, or null when no listener differs. */
export function diffResults(prev: ScanResult | null, next: ScanResult): ScanDiff | null {
  if (prev !== null && everyKeyed(prev.listeners) && everyKeyed(next.listeners)) return diffByObject(prev, next);
  const before = listenerKeys(prev?.listeners ?? []);
  const after = listenerKeys(next.listeners);
  const added: Listener[] = [];
  const changed: { key: string; listener: Listener }[] = [];
  const removed: string[] = [];
  for (const [key, l] of after) {
    const old = before.get(key);
    if (old === undefined) added.push(l);
    else if (!sameListener(old, l)) changed.push({ key, listener: l });
  }
  for (const key of before.keys()) if (!after.has(key)) removed.push(key);
  if (added.length + changed.length + removed.length === 0 && prev?.source === next.source) return null;
  return { added, removed, changed, source: next.source, takenAt: next.takenAt };
}

const everyKeyed = (ls: readonly Listener[]): boolean => ls.every((l) => l.inode !== 0);

/**
 * The diff when every listener has an inode (Linux): keys are then unique, and scanners reuse the
 * object of an unchanged listener, so only the listeners that are not the same objects are keyed.
 */
function diffByObject(prev: ScanResult, next: ScanResult): ScanDiff | null {
  const gone = new Set(prev.listeners);
  const fresh: Listener[] = [];
  for (const l of next.listeners) if (!gone.delete(l)) fresh.push(l);
  if (fresh.length === 0 && gone.size === 0 && prev.source === next.source) return null;
  const goneByKey = new Map<string, Listener>();
  for (const l of gone) goneByKey.set(baseKey(l), l);
  const added: Listener[] = [];
  const changed: { key: string; listener: Listener }[] = [];
  for (const l of fresh) {
    const key = baseKey(l);
    const old = goneByKey.get(key);
    if (old === undefined) added.push(l);
    else {
      goneByKey.delete(key);
      if (!sameListener(old, l)) changed.push({ key, listener: l });
    }
  }
  const removed = [...goneByKey.keys()];
  if (added.length + changed.length + removed.length === 0 && prev.source === next.source) return null;
  return { added, removed, changed, source: next.source, takenAt: next.takenAt };
}

/** `prev` patched by `diff` into a new immutable result; listeners that did not change keep their object. */
export function applyDiff(prev: ScanResult | null, diff: ScanDiff): ScanResult {
  const patched = prev !== null ? patchKeyed(prev, diff) : null;
  if (patched !== null) return patched;
  const byKey = listenerKeys(prev?.listeners ?? []);
  for (const key of diff.removed) byKey.delete(key);
  const replaced = new Map<string, Listener>();
  for (const c of diff.changed) replaced.set(c.key, c.listener);
  const listeners: Listener[] = [];
  for (const [key, l] of byKey) listeners.push(replaced.get(key) ?? l);
  listeners.push(...diff.added);
  listeners.sort(totalOrder);
  return { listeners, source: diff.source, takenAt: diff.takenAt };
}

/**
 * applyDiff when every listener has an inode: the few removed and changed keys are looked up as the
 * previous list is copied, instead of keying all of it. Null when a key may carry a `#n` suffix.
 */
function patchKeyed(prev: ScanResult, diff: ScanDiff): ScanResult | null {
  if (!everyKeyed(prev.listeners) || !everyKeyed(diff.added)) return null;
  const removed = new Set(diff.removed);
  const replaced = new Map<string, Listener>();
  for (const c of diff.changed) replaced.set(c.key, c.listener);
  const listeners: Listener[] = [];
  for (const l of prev.listeners) {
    if (removed.size === 0 && replaced.size === 0) {
      listeners.push(l);
      continue;
    }
    const key = baseKey(l);
    if (removed.has(key)) continue;
    listeners.push(replaced.get(key) ?? l);
  }
  listeners.push(...diff.added);
  listeners.sort(totalOrder);
  return { listeners, source: diff.source, takenAt: diff.takenAt };
}

// A total order, so the same set always yields the same array whichever side built it.
const totalOrder = (a: Listener, b: Listener): number =>
  compareListeners(a, b) || a.inode - b.inode || (a.pid ?? 0) - (b.pid ?? 0);

export function sameListener(a: Listener, b: Listener): boolean {
  if (a === b) return true;
  return (
    a.port === b.port &&
    a.address === b.address &&
    a.family === b.family &&
    a.inode === b.inode &&
    a.pid === b.pid &&
    a.process === b.process &&
    a.command === b.command &&
    a.user === b.user &&
    a.startTime === b.startTime &&
    a.reason === b.reason &&
    a.holders.length === b.holders.length &&
    a.holders.every((h, i) => sameOwner(h, b.holders[i]!))
  );
}

function sameOwner(a: Owner, b: Owner): boolean {
  return a === b || (a.pid === b.pid && a.startKey === b.startKey && a.command === b.command && a.user === b.user);
}
