import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { checkIdentity, type ProcessIdentity } from '../../electron/core/processes/identity.js';
import { getProcessInfo } from '../../electron/core/processes/process-table.js';

export const fixture = (name: string): string => fileURLToPath(new URL(`../fixtures/${name}.js`, import.meta.url));
export const berthBin = fileURLToPath(new URL('../../../bin/berth.js', import.meta.url));

export type FixtureReady = {
  ready: boolean;
  port: number;
  ports: number[];
  pid: number;
  childPid?: number;
  error?: string;
};

/**
 * Starts processes for one test and stops every one of them afterwards, by PID and verified
 * identity (never by name). Spawned processes get their own process group (detached), so a test
 * never shares a group with the runner.
 */
export function createProcessTracker() {
  const tracked = new Map<number, ProcessIdentity>();
  const children: ChildProcess[] = [];

  async function track(pid: number | undefined): Promise<void> {
    if (pid === undefined || tracked.has(pid)) return;
    const info = await getProcessInfo(pid);
    if (info) tracked.set(pid, { pid, startKey: info.startKey });
  }

  function start(command: string, args: readonly string[], options: SpawnOptions = {}): ChildProcess {
    const child = spawn(command, [...args], { detached: true, stdio: ['ignore', 'pipe', 'pipe'], ...options });
    children.push(child);
    void track(child.pid);
    return child;
  }

  /** Starts the fixture server (optionally through a shell command) and waits for its ready line. */
  async function startServer(
    opts: {
      env?: NodeJS.ProcessEnv;
      args?: string[];
      shell?: boolean;
      script?: string;
      uid?: number;
      gid?: number;
    } = {},
  ): Promise<FixtureReady & { child: ChildProcess }> {
    const script = fixture(opts.script ?? 'server');
    const env = { ...process.env, ...opts.env };
    const child = opts.shell
      ? start('/bin/sh', ['-c', `"${process.execPath}" "${script}" ${(opts.args ?? []).join(' ')}; echo shell-done`], {
          env,
        })
      : start(process.execPath, [script, ...(opts.args ?? [])], {
          env,
          ...(opts.uid !== undefined ? { uid: opts.uid, gid: opts.gid ?? opts.uid } : {}),
        });
    const ready = (await readJsonLine(child, 10_000)) as FixtureReady;
    await track(ready.pid);
    await track(ready.childPid);
    return { ...ready, child };
  }

  async function cleanup(): Promise<void> {
    for (const id of tracked.values()) {
      if ((await checkIdentity(id)) !== 'same') continue;
      try {
        process.kill(id.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    for (const c of children) c.stdout?.destroy();
    tracked.clear();
  }

  return { start, startServer, track, cleanup, tracked };
}

/** Reads stdout lines until one parses as JSON; rejects after timeoutMs. */
export function readJsonLine(child: ChildProcess, timeoutMs: number): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const rl = createInterface({ input: child.stdout! });
    const timer = setTimeout(() => {
      rl.close();
      reject(new Error(`no JSON line from PID ${child.pid} within ${timeoutMs} ms`));
    }, timeoutMs);
    rl.on('line', (line) => {
      if (!line.startsWith('{')) return;
      clearTimeout(timer);
      rl.close();
      resolve(JSON.parse(line));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`PID ${child.pid} exited (${code}) before printing a JSON line`));
    });
  });
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls `fn` until it returns a truthy value or the generous deadline passes. */
export async function waitFor<T>(fn: () => Promise<T> | T, timeoutMs = 10_000, stepMs = 25): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(stepMs);
  }
}

export async function isAlive(pid: number): Promise<boolean> {
  const info = await getProcessInfo(pid);
  return info !== null && info.state !== 'Z';
}
