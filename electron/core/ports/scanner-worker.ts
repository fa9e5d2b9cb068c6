import { parentPort, workerData } from 'node:worker_threads';
import { createPlatformScanSource, type SourceOptions } from './platform-source.js';
import type { ScanSource } from './types.js';
import type { LinuxScanSource } from './linux-source.js';

/**
 * Worker side of the scanner: owns the scan source (and its caches) so the host's event loop never
 * waits on /proc or netlink. Replies `unchanged` instead of re-sending an identical result.
 */
type Request = { id: number };
export type WorkerReply =
  | { id: number; kind: 'result'; result: import('./types.js').ScanResult }
  | { id: number; kind: 'unchanged'; takenAt: number }
  | { id: number; kind: 'error'; message: string };

const source: ScanSource = createPlatformScanSource((workerData ?? {}) as SourceOptions);
const port = parentPort!;

port.on('message', (req: Request) => {
  void handle(req).then((reply) => port.postMessage(reply));
});

async function handle(req: Request): Promise<WorkerReply> {
  try {
    const changedOnly = (source as Partial<LinuxScanSource>).scanIfChanged;
    if (changedOnly) {
      const result = changedOnly();
      return result === null ? { id: req.id, kind: 'unchanged', takenAt: Date.now() } : { id: req.id, kind: 'result', result };
    }
    return { id: req.id, kind: 'result', result: await source.scan() };
  } catch (err) {
    return { id: req.id, kind: 'error', message: err instanceof Error ? err.message : String(err) };
  }
}
