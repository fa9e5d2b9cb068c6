import { join } from 'node:path';
import type { CliContext } from './context.js';
import { printJson } from './context.js';
import { parseCommandArgs } from './args.js';
import { EXIT_FAILED, EXIT_OK, UsageError } from './exit.js';
import { resolveDataDir } from '../core/paths.js';
import { readHolder } from '../host/lock.js';
import { readHttpInfo } from '../host/http-info.js';
import { checkIdentity } from '../core/processes/identity.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * `berth host [status]` and `berth host stop`: the data dir's host, found through its lock (pid +
 * start time, checked before the signal). Stopping it is the same as Ctrl-C on `berth serve`:
 * servers keep running for the next host, or stop when the onQuit setting says so.
 */
export async function runHost(ctx: CliContext, argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, {}, 1);
  const json = values.json === true;
  const sub = positionals[0] ?? 'status';
  const dataDir = resolveDataDir();
  const holder = readHolder(join(dataDir, 'host.lock'));
  const running = holder !== null && (await checkIdentity(holder)) === 'same';
  if (sub === 'status') {
    const http = running ? readHttpInfo(dataDir) : null;
    const view = { running, pid: running ? holder.pid : null, dataDir, url: http?.url ?? null };
    if (json) return printJson(ctx, view);
    ctx.out(
      running
        ? `A Berth host runs for ${dataDir} (PID ${holder.pid}${http ? `, ${http.url}` : ''}).`
        : `No Berth host runs for ${dataDir}.`,
    );
    return EXIT_OK;
  }
  if (sub !== 'stop') throw new UsageError(`host takes status or stop, not '${sub}'`);
  if (!running) {
    if (json) return printJson(ctx, { stopped: false, pid: null, running: false });
    ctx.out(`No Berth host runs for ${dataDir}.`);
    return EXIT_OK;
  }
  process.kill(holder.pid, 'SIGTERM');
  // A host that stops its servers on quit waits for their stop timeouts: allow for that.
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline && (await checkIdentity(holder)) === 'same') await sleep(50);
  const gone = (await checkIdentity(holder)) !== 'same';
  if (json) return printJson(ctx, { stopped: gone, pid: holder.pid });
  if (gone) ctx.out(`Stopped the Berth host (PID ${holder.pid}).`);
  else
    ctx.err(`berth: the Berth host (PID ${holder.pid}) is still running after 60 s; see ${join(dataDir, 'host.log')}.`);
  return gone ? EXIT_OK : EXIT_FAILED;
}
