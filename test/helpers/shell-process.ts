import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Result } from '../../electron/contract/result.js';
import type { ListenerView, Snapshot } from '../../electron/contract/views.js';
import { readHolder } from '../../electron/host/lock.js';
import type { DriverReply, DriverRequest, EmitTarget, Emitted, Recordings } from './electron-stand-in-driver.js';
import type { StandInOptions } from './electron-stand-in.js';
import { waitFor, type createProcessTracker } from './processes.js';

export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
export const mainScript = fileURLToPath(new URL('../../electron/shell/main.js', import.meta.url));
const register = new URL('./electron-stand-in-register.js', import.meta.url).href;

type Request = DriverRequest extends infer R ? (R extends unknown ? Omit<R, 'id'> : never) : never;
export type ShellProcess = Readonly<{
  child: ChildProcess;
  pid: number;
  recordings(): Promise<Recordings>;
  click(item: string): Promise<void>;
  /** `ipcRenderer.invoke(channel, …args)` from Berth's window: the main process's answer. */
  invoke<T = unknown>(channel: string, ...args: unknown[]): Promise<T>;
  emit(target: EmitTarget, event: string, o?: Readonly<{ withEvent?: boolean; args?: unknown[] }>): Promise<Emitted>;
  /** Resolves when the process has ended, by itself (after `disconnect`) or killed. */
  exited: Promise<Readonly<{ code: number | null; signal: NodeJS.Signals | null }>>;
  /** Closes the channel to the test: with no work left, the process can end. */
  disconnect(): void;
  /** stdout + stderr so far, for failure messages. */
  output(): string;
}>;

/**
 * Runs the real dist/electron/shell/main.js in a child Node process, `electron` resolved to the recording
 * stand-in (`--import` electron-stand-in-register.js), cwd the repository (the stand-in's getAppPath). The
 * child is tracked by PID in `procs` and killed by it if a test ends early.
 */
export function launchShellProcess(
  procs: ReturnType<typeof createProcessTracker>,
  o: Readonly<{ env: NodeJS.ProcessEnv; argv?: readonly string[]; standIn?: StandInOptions }>,
): ShellProcess {
  const child = procs.start(process.execPath, ['--import', register, mainScript, ...(o.argv ?? [])], {
    cwd: repoRoot,
    env: { ...o.env, BERTH_ELECTRON_STAND_IN: JSON.stringify(o.standIn ?? {}) },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  let nextId = 1;
  const pending = new Map<number, (r: DriverReply) => void>();
  child.on('message', (r: DriverReply) => pending.get(r.id)?.(r));
  void exited.then(() => {
    for (const [id, settle] of pending) settle({ id, ok: false, error: `the shell process ended\n${out}` });
  });

  function request<T>(r: Request): Promise<T> {
    const id = nextId++;
    return new Promise<T>((resolve, reject) => {
      pending.set(id, (reply) => {
        pending.delete(id);
        if (reply.ok) resolve(reply.value as T);
        else reject(new Error(reply.error));
      });
      if (!child.connected) return pending.get(id)?.({ id, ok: false, error: `the shell process is gone\n${out}` });
      child.send({ ...r, id });
    });
  }

  return {
    child,
    pid: child.pid!,
    recordings: () => request<Recordings>({ op: 'recordings' }),
    click: (item) => request<void>({ op: 'click', item }),
    invoke: <T>(channel: string, ...args: unknown[]) => request<T>({ op: 'invoke', channel, args }),
    emit: (target, event, e = {}) =>
      request<Emitted>({ op: 'emit', target, event, withEvent: e.withEvent ?? false, args: e.args ?? [] }),
    exited,
    disconnect: () => child.connected && child.disconnect(),
    output: () => out,
  };
}

/** The environment a shell process gets: this one, with the data dir and XDG config in `dir`. */
export function shellEnv(dir: string, over: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    BERTH_HOME: join(dir, 'home'),
    XDG_CONFIG_HOME: join(dir, 'config'),
    SHELL: '/bin/sh',
    BERTH_TRAY: '1',
    ...over,
  };
  for (const [k, v] of Object.entries(over)) if (v === undefined) delete env[k];
  return env;
}

/** The PID in the data dir's host.lock, or null when no host holds it. */
export function hostLockPid(dataDir: string): number | null {
  return readHolder(join(dataDir, 'host.lock'))?.pid ?? null;
}

/** How the process ended, or 'still running' after `ms` (the timer does not keep the test alive). */
export async function exitWithin(shell: ShellProcess, ms: number): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<string>((r) => (timer = setTimeout(() => r('still running'), ms)));
  try {
    return await Promise.race([shell.exited, late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Tracks every process listening on `port` (through the shell's `ports.who`): a profile's command runs
 * under the user's shell, so the server is often a child of the instance's PID and must be cleaned up too.
 */
export async function trackListeners(
  shell: ShellProcess,
  procs: ReturnType<typeof createProcessTracker>,
  port: number,
  timeoutMs = 10_000,
): Promise<number[]> {
  const pids = await waitFor(async () => {
    const r = await shell.invoke<Result<{ listeners: readonly ListenerView[] }>>('berth:call', 'ports.who', { port });
    const found = r.ok ? r.value.listeners.flatMap((l) => (l.pid !== null ? [l.pid] : [])) : [];
    return found.length > 0 ? found : null;
  }, timeoutMs);
  for (const pid of pids!) await procs.track(pid);
  return pids!;
}

/**
 * Waits for the engine's first port scan (its scanner worker has loaded). Quitting before that can abort the
 * process: worker.terminate() while the worker is still loading koffi ends in "FATAL ERROR:
 * Error::ThrowAsJavaScriptException napi_throw" (a few in a hundred quick quits). Tests of other things wait.
 */
export async function firstScan(shell: ShellProcess): Promise<void> {
  await waitFor(async () => {
    const r = await shell.invoke<Result<Snapshot>>('berth:call', 'state.get', {});
    return r.ok && r.value.scan.source !== 'none';
  }, 15_000);
}
