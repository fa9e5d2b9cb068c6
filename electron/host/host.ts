import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createEngine, type Engine, type EngineOptions } from '../core/engine.js';
import { loginPath } from '../core/processes/login-path.js';
import { acquireHostLock } from './lock.js';
import { startControlServer, type ControlServer } from './control-server.js';
import { controlSocketPath } from './socket-path.js';
import { startHttpServer, type HttpServer } from './http-server.js';
import { dashboardUrl } from './http-info.js';

/** The window bundle esbuild writes (dist/renderer/ at the repo root; this file is dist/electron/host/). */
export const defaultStaticDir = fileURLToPath(new URL('../../renderer/', import.meta.url));

/**
 * A host: one engine for a data dir (it owns its poll timer), served on the control socket and over
 * HTTP on 127.0.0.1 (the window in a browser). The Electron shell and `berth serve` both start one;
 * only one runs per data dir (host.lock).
 */
export type Host = Readonly<{
  engine: Engine;
  socketPath: string;
  http: Readonly<{ url: string; secret: string; port: number }>;
  /** The URL to open: `http.url` with the secret in the fragment (never sent to the server). */
  dashboardUrl: string;
  /** Ends the host; running servers are stopped or left for the next host per the onQuit setting. */
  close(options?: Readonly<{ stopInstances?: boolean }>): Promise<void>;
}>;

export type HostOptions = EngineOptions &
  Readonly<{
    /** `berth serve --http-port N`; a free port when absent. */
    httpPort?: number;
    /** The renderer bundle; defaults to dist/renderer/. */
    staticDir?: string;
  }>;

export async function startHost(
  options: HostOptions,
): Promise<{ ok: true; host: Host } | { ok: false; message: string; pid: number }> {
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  const lock = await acquireHostLock(options.dataDir);
  if (!lock.ok)
    return {
      ok: false,
      message: `A Berth host already runs for ${options.dataDir} (PID ${lock.holder.pid}).`,
      pid: lock.holder.pid,
    };
  let engine: Engine | null = null;
  let server: ControlServer;
  let http: HttpServer;
  const socketPath = controlSocketPath(options.dataDir);
  try {
    // A host started from a desktop session has a short PATH: the servers it launches get the login
    // shell's, as they would in the user's terminal (asked once, with a timeout).
    process.env.PATH = await loginPath();
    // A failed createEngine has closed what it opened.
    engine = await createEngine(options);
  } catch (err) {
    lock.lock.release();
    throw err;
  }
  // The dashboard (and its http.json) before the control socket: a client that reaches the socket, such as
  // the `berth open` that started this host, always finds the dashboard's URL.
  try {
    http = await startHttpServer({
      dispatch: engine.dispatch,
      subscribe: engine.subscribe,
      watch: engine.watch,
      staticDir: options.staticDir ?? defaultStaticDir,
      dataDir: options.dataDir,
      ...(options.httpPort !== undefined ? { port: options.httpPort } : {}),
    });
  } catch (err) {
    // A taken --http-port must not leave a half-started host behind.
    await engine.close({ stopInstances: false });
    lock.lock.release();
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE')
      throw new Error(`HTTP port ${options.httpPort} on 127.0.0.1 is in use; choose another with --http-port.`);
    if (code === 'EACCES')
      throw new Error(`HTTP port ${options.httpPort} needs privileges; choose one above 1023 with --http-port.`);
    throw err;
  }
  try {
    server = await startControlServer(socketPath, {
      dispatch: engine.dispatch,
      subscribe: engine.subscribe,
      watch: engine.watch,
    });
  } catch (err) {
    await http.close();
    await engine.close({ stopInstances: false });
    lock.lock.release();
    throw err;
  }
  let closing: Promise<void> | null = null;
  return {
    ok: true,
    host: {
      engine,
      socketPath,
      http: { url: http.url, secret: http.secret, port: http.port },
      dashboardUrl: dashboardUrl(http),
      close(opts = {}) {
        closing ??= (async () => {
          await http.close();
          await server.close();
          await engine.close({ stopInstances: opts.stopInstances ?? engine.settings.get().onQuit === 'stop' });
          lock.lock.release();
        })();
        return closing;
      },
    },
  };
}
