import { parentPort, workerData } from 'node:worker_threads';
import { createPlatformScanSource, type SourceOptions } from './platform-source.js';
import { createChangePoller } from './scanner-poller.js';
import type { ScanDiff } from './scanner-diff.js';

/**
 * Worker side of the scanner: owns the scan source (and its caches) so the host's event loop never
 * waits on /proc or netlink. It polls on its own timer while the main thread watches, and posts
 * only diffs: an unchanged poll costs the main thread nothing, not even a message.
 */
export type WorkerRequest =
  | { kind: 'scan'; id: number }
  /** Poll every `intervalMs` from the last poll; null stops the timer. */
  | { kind: 'watch'; intervalMs: number | null }
  /** End the worker at a safe point: after its modules (koffi) loaded and no poll runs. */
  | { kind: 'close' };

export type WorkerReply =
  | { kind: 'diff'; id: number | null; diff: ScanDiff }
  | { kind: 'same'; id: number }
  | { kind: 'error'; id: number | null; message: string };

const poller = createChangePoller(createPlatformScanSource((workerData ?? {}) as SourceOptions));
const port = parentPort!;
let intervalMs: number | null = null;
let timer: NodeJS.Timeout | undefined;
let lastPollAt = 0;

async function poll(id: number | null): Promise<void> {
  lastPollAt = Date.now();
  let reply: WorkerReply | null;
  try {
    const diff = await poller.poll();
    reply = diff !== null ? { kind: 'diff', id, diff } : id !== null ? { kind: 'same', id } : null;
  } catch (err) {
    reply = { kind: 'error', id, message: err instanceof Error ? err.message : String(err) };
  }
  if (reply !== null) port.postMessage(reply);
}

/** (Re)arms the timer for one interval after the last poll: a shorter interval takes effect at once. */
function schedule(): void {
  clearTimeout(timer);
  timer = undefined;
  if (intervalMs === null) return;
  timer = setTimeout(
    () => {
      timer = undefined;
      void poll(null).then(schedule);
    },
    Math.max(0, lastPollAt + intervalMs - Date.now()),
  );
}

port.on('message', (req: WorkerRequest) => {
  if (req.kind === 'close') {
    // Terminating a worker while koffi loads its native part aborts the whole process
    // (napi_throw during teardown); a message is only handled between polls, once loading is done.
    clearTimeout(timer);
    process.exit(0);
  }
  if (req.kind === 'watch') {
    intervalMs = req.intervalMs;
    schedule();
  } else void poll(req.id).then(schedule);
});
