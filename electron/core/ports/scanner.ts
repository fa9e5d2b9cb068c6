import { Worker } from 'node:worker_threads';
import type { ScanResult, ScanSource } from './types.js';
import { createPlatformScanSource, type SourceOptions } from './platform-source.js';
import type { WorkerReply, WorkerRequest } from './scanner-worker.js';
import { applyDiff, countDiff } from './scanner-diff.js';
import { createChangePoller } from './scanner-poller.js';
import { createChangeListeners, checkInterval, emitIfAny, type ChangeListener } from './scanner-watch.js';

export type { ChangeListener } from './scanner-watch.js';
export type { DiffCounts } from './scanner-diff.js';

/**
 * The scanner faces use. `worker` mode (hosts) keeps all reading off the main thread and polls on
 * the worker's own timer; `inline` mode (one-shot CLI commands) skips the worker's start-up cost.
 *
 * While the listener set stays the same, every method hands back the same ScanResult object, so a
 * consumer can skip its own work with one `===`; its `takenAt` is when that set was first read.
 */
export type Scanner = Readonly<{
  /** Scans now. The same as `scanNow()`. */
  scan(): Promise<ScanResult>;
  /** Scans now (after Berth's own commands); listeners registered with `onChange` hear of any change. */
  scanNow(): Promise<ScanResult>;
  /** The last known result, without any I/O; null before the first scan. */
  latest(): ScanResult | null;
  /**
   * Calls `listener` only when the listener set changed (added, removed, or a new owner or reason),
   * with the new result and the counts. Polling runs while at least one listener is registered:
   * worker mode polls in the worker and posts only diffs; inline mode polls on an unref'd timer on
   * the calling thread. The first poll reports every listener as added when nothing was known yet.
   */
  onChange(listener: ChangeListener): () => void;
  /** Errors of the polls `onChange` runs (a scan that was awaited rejects instead). */
  onError(listener: (err: Error) => void): () => void;
  /** Poll interval in ms (default 1000), applied at once: a shorter one may poll right away. */
  setInterval(ms: number): void;
  close(): Promise<void>;
  mode: 'worker' | 'inline';
}>;

export type ScannerOptions = SourceOptions & Readonly<{ mode?: 'worker' | 'inline'; intervalMs?: number }>;

const DEFAULT_INTERVAL_MS = 1000;

export function createScanner(options: ScannerOptions = {}): Scanner {
  const intervalMs = checkInterval(options.intervalMs ?? DEFAULT_INTERVAL_MS);
  return options.mode === 'worker'
    ? createWorkerScanner(options, intervalMs)
    : createInlineScanner(createPlatformScanSource(options), intervalMs);
}

/** Listeners of errors from background polls, which have no caller to reject. */
function createErrorListeners(): { add(l: (e: Error) => void): () => void; emit(e: Error): void } {
  const set = new Set<(e: Error) => void>();
  return {
    add(l) {
      set.add(l);
      return () => void set.delete(l);
    },
    emit: (e) => set.forEach((l) => l(e)),
  };
}

function createInlineScanner(source: ScanSource, initialMs: number): Scanner {
  const poller = createChangePoller(source);
  const errors = createErrorListeners();
  let intervalMs = initialMs;
  let timer: NodeJS.Timeout | undefined;
  let lastPollAt = 0;
  const changes = createChangeListeners({ onFirst: () => schedule(), onLast: () => clearTimeout(timer) });

  async function scanNow(): Promise<ScanResult> {
    lastPollAt = Date.now();
    const diff = await poller.poll();
    if (diff !== null) emitIfAny(changes, poller.current()!, countDiff(diff));
    return poller.current()!;
  }

  function schedule(): void {
    clearTimeout(timer);
    if (changes.size() === 0) return;
    const wait = Math.max(0, lastPollAt + intervalMs - Date.now());
    // Unref'd: a CLI process must be able to exit with a listener still registered.
    timer = setTimeout(
      () =>
        void scanNow().then(schedule, (err: unknown) => {
          errors.emit(err instanceof Error ? err : new Error(String(err)));
          schedule();
        }),
      wait,
    ).unref();
  }

  return {
    mode: 'inline',
    scan: scanNow,
    scanNow,
    latest: () => poller.current(),
    onChange: changes.add,
    onError: errors.add,
    setInterval(ms) {
      intervalMs = checkInterval(ms);
      schedule();
    },
    close: async () => {
      changes.clear();
      clearTimeout(timer);
      source.close?.();
    },
  };
}

function createWorkerScanner(options: SourceOptions, initialMs: number): Scanner {
  const worker = new Worker(new URL('./scanner-worker.js', import.meta.url), {
    workerData: { kernel: options.kernel, procRoot: options.procRoot },
  });
  // The worker never keeps the process alive by itself: only while a scan is awaited (ref below).
  // Its own poll timer lives in the worker's loop, so a host's other handles keep polling alive.
  worker.unref();
  let nextId = 1;
  let last: ScanResult | null = null;
  let intervalMs = initialMs;
  const waiting = new Map<number, { resolve: (r: ScanResult) => void; reject: (e: Error) => void }>();
  let dead: Error | null = null;
  const errors = createErrorListeners();
  const send = (req: WorkerRequest): void => {
    if (dead === null) worker.postMessage(req);
  };
  const changes = createChangeListeners({
    onFirst: () => send({ kind: 'watch', intervalMs }),
    onLast: () => send({ kind: 'watch', intervalMs: null }),
  });

  function settle(id: number | null): { resolve: (r: ScanResult) => void; reject: (e: Error) => void } | undefined {
    if (id === null) return undefined;
    const w = waiting.get(id);
    waiting.delete(id);
    if (waiting.size === 0) worker.unref();
    return w;
  }

  worker.on('message', (reply: WorkerReply) => {
    if (reply.kind === 'diff') {
      // Only the main thread's copy is patched: listeners that did not change keep their objects.
      last = applyDiff(last, reply.diff);
      settle(reply.id)?.resolve(last);
      emitIfAny(changes, last, countDiff(reply.diff));
    } else if (reply.kind === 'same') {
      const w = settle(reply.id);
      if (last !== null) w?.resolve(last);
      else w?.reject(new Error('Port scan worker answered "unchanged" before any result'));
    } else {
      // Verbatim: the worker and the inline scanner fail with the same message.
      const err = new Error(reply.message);
      const w = settle(reply.id);
      if (w) w.reject(err);
      else errors.emit(err);
    }
  });
  const failAll = (err: Error): void => {
    dead = err;
    errors.emit(err);
    for (const w of waiting.values()) w.reject(err);
    waiting.clear();
  };
  worker.on('error', failAll);
  worker.on('exit', (code) => failAll(new Error(`Port scan worker exited (code ${code})`)));

  function scanNow(): Promise<ScanResult> {
    if (dead) return Promise.reject(dead);
    const id = nextId++;
    // Keep the process alive only while a scan is outstanding.
    worker.ref();
    return new Promise((resolve, reject) => {
      waiting.set(id, { resolve, reject });
      send({ kind: 'scan', id });
    });
  }

  return {
    mode: 'worker',
    scan: scanNow,
    scanNow,
    latest: () => last,
    onChange: changes.add,
    onError: errors.add,
    setInterval(ms) {
      intervalMs = checkInterval(ms);
      if (changes.size() > 0) send({ kind: 'watch', intervalMs });
    },
    async close(): Promise<void> {
      changes.clear();
      worker.removeAllListeners('exit');
      if (dead !== null) return void (await worker.terminate());
      // Asked to end itself (see scanner-worker.ts 'close'); terminated only if it does not within 3 s.
      const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      worker.ref(); // until it is gone: a process ending under a loading worker aborts the same way
      send({ kind: 'close' });
      dead = new Error('The port scanner is closed');
      const force = setTimeout(() => void worker.terminate(), 3000);
      await exited;
      clearTimeout(force);
      for (const w of waiting.values()) w.reject(dead);
      waiting.clear();
    },
  };
}
