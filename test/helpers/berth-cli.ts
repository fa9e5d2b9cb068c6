import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readHolder } from '../../electron/host/lock.js';
import { checkIdentity } from '../../electron/core/processes/identity.js';
import { connectControl } from '../../electron/host/control-client.js';
import { controlSocketPath } from '../../electron/host/socket-path.js';
import { berthBin, waitFor, type createProcessTracker } from './processes.js';

/** What a finished `berth` command left: its exit code (null when killed), signal and whole output. */
export type BerthRun = { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string };
export type SpawnedBerth = { child: ChildProcess; done: Promise<BerthRun> };
export type BerthRunOptions = Readonly<{
  /** The data dir (BERTH_HOME). */
  home: string;
  /** Over this process's environment; a key given as undefined is removed (e.g. DISPLAY). */
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** SIGKILL after this long, so a hung command fails its test instead of the run (default 60 s). */
  killAfterMs?: number;
  /** Runs bin/berth.js through its shebang, as an installed `berth` runs, instead of `node bin/berth.js`. */
  shebang?: boolean;
  /** Another Node script in the launcher's place (e.g. scripts/start.mjs), with the same environment. */
  script?: string;
  /** Starts the process (default: child_process.spawn); a process tracker's `start` also tracks its PID. */
  start?: (command: string, args: readonly string[], options: SpawnOptions) => ChildProcess;
}>;

/**
 * Spawns the real `berth` launcher (no terminal on stdin, stdout and stderr piped) with BERTH_HOME set and
 * collects its output; `done` resolves when it has closed, or after the kill timer has killed it.
 */
export function spawnBerth(args: readonly string[], o: BerthRunOptions): SpawnedBerth {
  const env: NodeJS.ProcessEnv = { ...process.env, BERTH_HOME: o.home, ...o.env };
  for (const [k, v] of Object.entries(o.env ?? {})) if (v === undefined) delete env[k];
  const options: SpawnOptions = { env, stdio: ['ignore', 'pipe', 'pipe'], ...(o.cwd !== undefined && { cwd: o.cwd }) };
  const start = o.start ?? ((command, argv, opts) => spawn(command, [...argv], opts));
  const child = o.shebang
    ? start(berthBin, args, options)
    : start(process.execPath, [o.script ?? berthBin, ...args], options);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), o.killAfterMs ?? 60_000);
  const done = new Promise<BerthRun>((resolve, reject) => {
    child.on('error', (err) => (clearTimeout(timer), reject(err)));
    child.on('close', (code, signal) => (clearTimeout(timer), resolve({ code, signal, stdout, stderr })));
  });
  return { child, done };
}

/** `berth …args` to the end: see spawnBerth. */
export function runBerth(args: readonly string[], o: BerthRunOptions): Promise<BerthRun> {
  return spawnBerth(args, o).done;
}

/**
 * Stops the background host that holds `home` (by the PID in its lock, identity verified): SIGTERM, then
 * SIGKILL if it is still the same process after `graceMs`.
 */
export async function stopHostOf(home: string, graceMs = 15_000): Promise<void> {
  const holder = readHolder(join(home, 'host.lock'));
  if (!holder || (await checkIdentity(holder)) !== 'same') return;
  process.kill(holder.pid, 'SIGTERM');
  await waitFor(async () => (await checkIdentity(holder)) !== 'same', graceMs).catch(() =>
    process.kill(holder.pid, 'SIGKILL'),
  );
}

/** Kills the process group of each instance in `home`'s instances.json that still runs (identity verified). */
export async function killRecordedInstances(home: string): Promise<void> {
  const rec = join(home, 'instances.json');
  if (!existsSync(rec)) return;
  const { instances } = JSON.parse(readFileSync(rec, 'utf8')) as {
    instances: { pid: number | null; startKey: string | null; pgid: number | null }[];
  };
  for (const i of instances) {
    if (i.pid !== null && i.startKey && (await checkIdentity({ pid: i.pid, startKey: i.startKey })) === 'same')
      process.kill(-i.pgid!, 'SIGKILL');
  }
}

/** Waits until a host answers on `home`'s control socket. */
export async function waitForControl(home: string, timeoutMs = 15_000): Promise<void> {
  await waitFor(
    async () =>
      connectControl(controlSocketPath(home)).then(
        (c) => (c.close(), true),
        () => false,
      ),
    timeoutMs,
  );
}

/**
 * `berth serve` on `home`, started through `procs` (tracked by PID, killed at its cleanup); resolves once its
 * control socket answers. `output()` is its stdout so far.
 */
export async function startServe(
  procs: Pick<ReturnType<typeof createProcessTracker>, 'start'>,
  home: string,
): Promise<{ child: ChildProcess; output: () => string }> {
  const child = procs.start(process.execPath, [berthBin, 'serve'], { env: { ...process.env, BERTH_HOME: home } });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  await waitForControl(home);
  return { child, output: () => out };
}
