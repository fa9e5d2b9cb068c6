import { commandNames, createLocalApi, portCommandNames, type BerthApi } from '../contract/api.js';
import { createEngine, type Engine } from '../core/engine.js';
import type { ControlClient } from '../host/control-client.js';
import { connectOrStartHost } from '../host/ensure-host.js';
import { toResult } from '../core/result.js';

/**
 * The CLI's BerthApi: port commands run in-process (fast, read-only); every other command goes to
 * the data dir's host, which is connected (or started) on first use.
 */
export function createCliApi(dataDir: string, say: (text: string) => void): { api: BerthApi; close(): Promise<void> } {
  let engine: Engine | null = null;
  let client: Promise<ControlClient> | null = null;
  const api = {} as Record<string, (req: unknown) => Promise<unknown>>;
  for (const name of commandNames) {
    if ((portCommandNames as readonly string[]).includes(name)) {
      api[name] = (req) => {
        engine ??= createEngine({ scannerOptions: { mode: 'inline' } });
        return (createLocalApi(engine.handlers, portCommandNames)[name as (typeof portCommandNames)[number]] as (r: unknown) => Promise<unknown>)(req);
      };
    } else {
      api[name] = async (req) => {
        try {
          client ??= connectOrStartHost(dataDir, say);
          const c = await client;
          return await (c.api[name] as (r: unknown) => Promise<unknown>)(req);
        } catch (err) {
          client = null;
          return toResult(err);
        }
      };
    }
  }
  return {
    api: api as unknown as BerthApi,
    async close() {
      await engine?.close();
      if (client) (await client.catch(() => null))?.close();
    },
  };
}
