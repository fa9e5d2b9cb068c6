import { Worker } from 'node:worker_threads';
import type { ScanResult, ScanSource } from './types.js';
import { createPlatformScanSource, type SourceOptions } from './platform-source.js';
import type { WorkerReply } from './scanner-worker.js';

/**
 * The scanner faces use. `worker` mode (hosts polling at 1 Hz) keeps all reading off the main thread;
 * `inline` mode (one-shot CLI commands) skips the worker's start-up cost.
 */
export type Scanner = Readonly<{
  scan(): Promise<ScanResult>;
  close(): Promise<void>;
  mode: 'worker' | 'inline';
}>;

export type ScannerOptions = SourceOptions & Readonly<{ mode?: 'worker' | 'inline' }>;

export function createScanner(options: ScannerOptions = {}): Scanner {
  return options.mode === 'worker' ? createWorkerScanner(options) : createInlineScanner(createPlatformScanSource(options));
}

function createInlineScanner(source: ScanSource): Scanner {
  return {
    mode: 'inline',
    scan: async () => source.scan(),
    close: async () => source.close?.(),
  };
}

function createWorkerScanner(options: SourceOptions): Scanner {
  const worker = new Worker(new URL('./scanner-worker.js', import.meta.url), { workerData: { kernel: options.kernel } });
  worker.unref();
  let nextId = 1;
  let last: ScanResult | null = null;
  const waiting = new Map<number, { resolve: (r: ScanResult) => void; reject: (e: Error) => void }>();
  let dead: Error | null = null;

  worker.on('message', (reply: WorkerReply) => {
    const w = waiting.get(reply.id);
    if (!w) return;
    waiting.delete(reply.id);
    if (waiting.size === 0) worker.unref();
    if (reply.kind === 'error') w.reject(new Error(`Port scan failed: ${reply.message}`));
    else if (reply.kind === 'result') w.resolve((last = reply.result));
    else if (last !== null) w.resolve({ ...last, takenAt: reply.takenAt });
    else w.reject(new Error('Port scan worker answered "unchanged" before any result'));
  });
  const failAll = (err: Error): void => {
    dead = err;
    for (const w of waiting.values()) w.reject(err);
    waiting.clear();
  };
  worker.on('error', failAll);
  worker.on('exit', (code) => failAll(new Error(`Port scan worker exited (code ${code})`)));

  return {
    mode: 'worker',
    scan(): Promise<ScanResult> {
      if (dead) return Promise.reject(dead);
      const id = nextId++;
      // Keep the process alive only while a scan is outstanding.
      worker.ref();
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        worker.postMessage({ id });
      });
    },
    async close(): Promise<void> {
      worker.removeAllListeners('exit');
      await worker.terminate();
    },
  };
}
