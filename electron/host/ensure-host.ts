import { spawn } from 'node:child_process';
import { mkdirSync, openSync, closeSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { connectControl, type ControlClient } from './control-client.js';
import { controlSocketPath } from './socket-path.js';
import { readHolder } from './lock.js';
import { checkIdentity } from '../core/processes/identity.js';

const berthBin = fileURLToPath(new URL('../../../bin/berth.js', import.meta.url));

/**
 * Node flags of the background host. A 1 MiB young generation (V8's default grows to 16 MiB per semi-space)
 * keeps an all-day host ~10–30 MiB smaller at 2000 listeners for no measurable CPU (bench/host-cpu-bench.ts
 * starts its hosts the same way). It can only be set at start-up: V8 sizes the heap when the isolate is made.
 */
export const HOST_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=1'];
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Connects to the data dir's host; when none runs, starts `berth serve` in the background (its
 * output in host.log) and says so through `say`.
 */
export async function connectOrStartHost(dataDir: string, say: (text: string) => void): Promise<ControlClient> {
  const path = controlSocketPath(dataDir);
  try {
    return await connectControl(path);
  } catch {
    // no host yet
  }
  try {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === 'EEXIST'
        ? 'it is a file, not a folder'
        : code === 'ENOTDIR'
          ? 'a part of that path is a file'
          : code === 'EACCES' || code === 'EPERM'
            ? 'permission denied'
            : (err as Error).message;
    throw new Error(
      `the data dir ${dataDir} cannot be used (${why}); set BERTH_HOME to a folder you can write, or unset it`,
    );
  }
  const logPath = join(dataDir, 'host.log');
  const log = openSync(logPath, 'a', 0o600);
  const child = spawn(process.execPath, [...HOST_NODE_FLAGS, berthBin, 'serve'], {
    detached: true,
    stdio: ['ignore', log, log],
    env: { ...process.env, BERTH_HOME: dataDir },
  });
  closeSync(log);
  child.unref();
  let exited = false;
  child.once('exit', () => (exited = true));
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    await sleep(50);
    try {
      const client = await connectControl(path);
      // Several commands started at once each start a host; one wins the lock, the others exit.
      if (readHolder(join(dataDir, 'host.lock'))?.pid === child.pid)
        say(`Started a background Berth host (PID ${child.pid}; log: ${logPath}).`);
      return client;
    } catch {
      // Our host exited and no other host holds the data dir: it failed (its reason is in host.log).
      if (exited && !(await lockHeld(dataDir))) break;
    }
  }
  const reason = exited
    ? lastLine(logPath)?.replace(/^berth serve: (the Berth host could not start for .*?: )?/, '')
    : undefined;
  throw new Error(`The Berth host did not start${reason ? ` (${reason})` : ''}; see ${logPath}.`);
}

/** The last line `berth serve` wrote: its one-line reason when it could not start. */
function lastLine(path: string): string | undefined {
  try {
    const lines = readFileSync(path, 'utf8').slice(-4096).split('\n');
    return lines
      .filter((l) => l.trim() !== '')
      .pop()
      ?.trim();
  } catch {
    return undefined;
  }
}

async function lockHeld(dataDir: string): Promise<boolean> {
  const holder = readHolder(join(dataDir, 'host.lock'));
  return holder !== null && (await checkIdentity(holder)) === 'same';
}
