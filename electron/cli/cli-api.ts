import { join } from 'node:path';
import { createApi, isCommandName, portCommandNames, type BerthApi, type Transport } from '../contract/client.js';
import type { Result } from '../contract/result.js';
import type { Notice } from '../contract/views.js';
import type { PortEngine } from '../core/engine.js';
import { readJsonFile, writeFileAtomic } from '../core/fs/atomic.js';
import { connectControl, type ControlClient } from '../host/control-client.js';
import { controlSocketPath } from '../host/socket-path.js';
import { toResult } from '../core/result.js';

export type CliApi = Readonly<{
  api: BerthApi;
  /** Warnings and errors the host raised that this user has not been shown yet (each shown once). */
  takeNewNotices(): Promise<Notice[]>;
  close(): Promise<void>;
}>;

/**
 * The CLI's transport: port commands ask a running host for its warm snapshot, or run in-process when
 * none runs (no host is started for them); `free` of a port held by a Berth instance, and every other
 * command, go to the data dir's host, which is started when none runs.
 */
export function createCliApi(dataDir: string, say: (text: string) => void): CliApi {
  let local: Promise<PortEngine> | null = null;
  let client: Promise<ControlClient> | null = null;
  let probe: Promise<ControlClient | null> | null = null;
  const host = (): Promise<ControlClient> => {
    // Loaded only when a command needs a host: `ports` with a host running never pays for it.
    client ??= import('../host/ensure-host.js')
      .then((m) => m.connectOrStartHost(dataDir, say))
      .catch((err: unknown) => {
        client = null;
        throw err;
      });
    return client;
  };
  const runningHost = (): Promise<ControlClient | null> => {
    probe ??=
      client ??
      connectControl(controlSocketPath(dataDir)).then(
        (c) => (client = Promise.resolve(c)),
        () => null,
      );
    return probe;
  };
  const viaHost = async (name: string, request: unknown): Promise<Result<unknown>> => {
    try {
      return await (await host()).transport.call(name as never, request);
    } catch (err) {
      return toResult(err);
    }
  };
  const transport: Transport = {
    async call(name, request) {
      if (!isCommandName(name) || !(portCommandNames as readonly string[]).includes(name))
        return viaHost(name, request);
      const running = await runningHost();
      if (running) return running.transport.call(name, request);
      // The port engine (scanner, /proc walk) is loaded only when no host can answer from its snapshot.
      local ??= import('../core/engine.js').then((m) => m.createPortEngine());
      const r = await (await local).dispatch(name, request);
      // A port held by a Berth instance is freed by stopping that instance through its host.
      if (!r.ok && r.error.code === 'unavailable' && name === 'ports.free') return viaHost(name, request);
      return r;
    },
    subscribe(event, listener) {
      let off: (() => void) | null = null;
      let cancelled = false;
      void host().then(
        (c) => {
          if (!cancelled) off = c.transport.subscribe(event, listener);
        },
        () => {},
      );
      return () => {
        cancelled = true;
        off?.();
      };
    },
  };
  return {
    api: createApi(transport),
    async takeNewNotices() {
      const c = client ? await client.catch(() => null) : null;
      if (!c) return [];
      const r = await c.api['notices.list']({});
      if (!r.ok) return [];
      const path = join(dataDir, 'cli-seen-notices.json');
      const seen = new Set(readSeen(path));
      const fresh = r.value.notices.filter((n) => n.level !== 'info' && !seen.has(n.id));
      if (fresh.length > 0) {
        const keep = r.value.notices.map((n) => n.id).filter((id) => seen.has(id) || fresh.some((f) => f.id === id));
        try {
          writeFileAtomic(path, JSON.stringify({ seen: keep }), { durable: false });
        } catch {
          // Not being able to remember only means the notice is shown again next time.
        }
      }
      return fresh;
    },
    async close() {
      if (local) await (await local).close();
      if (client) (await client.catch(() => null))?.close();
    },
  };
}

/**
 * The notice ids this CLI already showed. Only a memory of what was said: a file of any other shape
 * counts as empty (the command never fails on it) and is replaced at the next write.
 */
function readSeen(path: string): string[] {
  const read = readJsonFile<unknown>(path);
  const list =
    read.ok && typeof read.value === 'object' && read.value !== null ? (read.value as { seen?: unknown }).seen : [];
  return Array.isArray(list) ? list.filter((id): id is string => typeof id === 'string') : [];
}
