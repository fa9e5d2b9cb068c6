import { mkdirSync } from 'node:fs';
import { createLocalApi } from '../contract/api.js';
import { createHostEngine, type HostEngine } from '../core/host-engine.js';
import type { OpenConf } from '../core/profiles/store.js';
import { acquireHostLock } from './lock.js';
import { startControlServer, type ControlServer } from './control-server.js';
import { controlSocketPath } from './socket-path.js';

/** A headless host: one engine for a data dir, polled once a second, served on the control socket. */
export type Host = Readonly<{ engine: HostEngine; socketPath: string; close(): Promise<void> }>;

export async function startHost(options: Readonly<{ dataDir: string; openConf?: OpenConf; pollMs?: number }>): Promise<{ ok: true; host: Host } | { ok: false; message: string }> {
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  const lock = await acquireHostLock(options.dataDir);
  if (!lock.ok) return { ok: false, message: `A Berth host already runs for ${options.dataDir} (PID ${lock.holder.pid}).` };
  let engine: HostEngine;
  let server: ControlServer;
  const socketPath = controlSocketPath(options.dataDir);
  try {
    engine = await createHostEngine(options);
    server = await startControlServer(socketPath, createLocalApi(engine.handlers));
  } catch (err) {
    lock.lock.release();
    throw err;
  }
  const timer = setInterval(() => void engine.poll().catch(() => {}), options.pollMs ?? 1000);
  void engine.poll().catch(() => {});
  return {
    ok: true,
    host: {
      engine,
      socketPath,
      async close() {
        clearInterval(timer);
        await server.close();
        await engine.close();
        lock.lock.release();
      },
    },
  };
}
