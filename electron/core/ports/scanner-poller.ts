import type { ScanResult, ScanSource } from './types.js';
import { diffResults, type ScanDiff } from './scanner-diff.js';

/**
 * Runs a scan source and reports only what changed since the last result it reported. Used by the
 * worker (which posts the diffs) and by the inline scanner. Polls never overlap: the lsof and
 * netstat sources are asynchronous, and a timer poll may meet an explicit one.
 */
export type ChangePoller = Readonly<{
  /** Scans now; the diff from the last reported result, or null when nothing differs. */
  poll(): Promise<ScanDiff | null>;
  /** The last reported result; kept (same object) while scans find nothing new. */
  current(): ScanResult | null;
}>;

export function createChangePoller(source: ScanSource): ChangePoller {
  let reported: ScanResult | null = null;
  let queue: Promise<unknown> = Promise.resolve();

  async function pollOnce(): Promise<ScanDiff | null> {
    const result = await source.scan();
    // The Linux source hands back the previous object when nothing changed: no comparison needed.
    if (result === reported) return null;
    const diff = diffResults(reported, result);
    if (diff !== null) reported = result;
    return diff;
  }

  return {
    poll(): Promise<ScanDiff | null> {
      const run = queue.then(pollOnce, pollOnce);
      queue = run.catch(() => undefined);
      return run;
    },
    current: () => reported,
  };
}
