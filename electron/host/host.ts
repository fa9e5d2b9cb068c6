import { mkdirSync } from 'node:fs';
import { createEngine, type Engine, type EngineOptions } from '../core/engine.js';
import { acquireHostLock } from './lock.js';
import { startControlServer, type ControlServer } from './control-server.js';
import { controlSocketPath } from './socket-path.js';

/**
 * A host: one engine for a data dir (it owns its poll timer), served on the control socket. The
 * Electron shell and `berth serve` both start one; only one runs per data dir (host.lock).
 */
export type Host = Readonly<{
  engine: Engine;
  socketPath: string;
  /** Ends the host; running servers are stopped or left for the next host per the onQuit setting. */
  close(options?: Readonly<{ stopInstances?: boolean }>): Promise<void>;
}>;

export type HostOptions = EngineOptions;

export async function startHost(options: HostOptions): Promise<{ ok: true; host: Host } | { ok: false; message: string; pid: number }> {
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  const lock = await acquireHostLock(options.dataDir);
  if (!lock.ok) return { ok: false, message: `A Berth host already runs for ${options.dataDir} (PID ${lock.holder.pid}).`, pid: lock.holder.pid };
  let engine: Engine;
  let server: ControlServer;
  const socketPath = controlSocketPath(options.dataDir);
  try {
    engine = await createEngine(options);
    server = await startControlServer(socketPath, { dispatch: engine.dispatch, subscribe: engine.subscribe, watch: engine.watch });
  } catch (err) {
    lock.lock.release();
    throw err;
  }
  let closing: Promise<void> | null = null;
  return {
    ok: true,
    host: {
      engine,
      socketPath,
      close(opts = {}) {
        closing ??= (async () => {
          await server.close();
          await engine.close({ stopInstances: opts.stopInstances ?? engine.settings.get().onQuit === 'stop' });
          lock.lock.release();
        })();
        return closing;
      },
    },
  };
}
