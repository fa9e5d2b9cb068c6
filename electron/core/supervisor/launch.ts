import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { resolvePorts, type PortVariable } from '../ports/resolve.js';
import type { Profile } from '../profiles/schema.js';
import { getProcessInfo } from '../processes/process-table.js';
import { readProcStat, startKeyFromTicks } from '../processes/linux-proc.js';
import { buildChildEnv, buildCommandLine, expandUrl, readProfileEnvFile } from './child-env.js';
import { failLive, listAll, update, type SupervisorContext } from './context.js';
import { createFreeHolder } from './free-holder.js';
import { resolveReferences } from './refs.js';
import { createLive, type Live } from './live.js';
import { markOwnHolders, rememberFallbacks } from './own-holders.js';
import { watchReadiness } from './watch-readiness.js';
import { newInstance, type Instance } from './types.js';

/** The profile's port variables as the resolver takes them: a pinned port never yields to a remembered one. */
export function portVariables(profile: Profile): PortVariable[] {
  return profile.ports.map((s) => {
    const sticky = s.pinned ? undefined : s.sticky;
    return {
      name: s.name,
      ...(s.preferred !== undefined ? { preferred: s.preferred } : {}),
      ...(sticky !== undefined ? { sticky } : {}),
      ...(s.range ? { range: s.range } : {}),
    };
  });
}

export type LaunchOptions = Readonly<{
  /** Ports asked for by name (`start --port API_PORT=8001`): exactly these, or a failure naming the holder. */
  ports?: Readonly<Record<string, number>>;
  /** The ports may move when busy (a restart asks for the ports its instance had). */
  portsMayMove?: boolean;
}>;

/**
 * Resolves the ports, records a new instance and launches it. A failure after the record leaves it `failed`,
 * never `starting`.
 */
export async function launchNew(ctx: SupervisorContext, profile: Profile, options: LaunchOptions): Promise<Instance> {
  const id = `${profile.name}-${randomBytes(3).toString('hex')}`;
  const refs = resolveReferences(profile, ctx.deps.getProfile, listAll(ctx));
  const resolved = await resolvePorts(
    {
      variables: portVariables(profile),
      policy: profile.policy,
      env: { ...readProfileEnvFile(profile), ...profile.env },
      owner: id,
      ...pinnedElsewhere(ctx, profile),
      ...(options.ports ? { overrides: options.ports } : {}),
      ...(options.portsMayMove ? { overridesMayMove: true } : {}),
    },
    {
      scan: ctx.deps.scan,
      reservations: ctx.deps.reservations,
      freeHolder: ctx.deps.freeHolder ?? createFreeHolder(ctx, profile.name),
    },
  );
  const allocation = markOwnHolders(ctx, resolved.allocations);
  rememberFallbacks(ctx, profile, allocation);
  const values = { ...refs, ...resolved.ports };
  const inst: Instance = {
    ...newInstance(id, profile.name),
    ports: resolved.ports,
    allocation,
    url: expandUrl(profile, values),
    refs,
    logFile: join(ctx.logDir, `${id}.log`),
    command: buildCommandLine(profile, values),
    cwd: profile.cwd,
    startedAt: Date.now(),
  };
  try {
    mkdirSync(ctx.logDir, { recursive: true });
    closeSync(openSync(inst.logFile, 'a', 0o600));
  } catch (err) {
    ctx.deps.reservations.releaseOwner(id);
    throw new Error(`Could not create the log file ${inst.logFile}: ${(err as Error).message}`);
  }
  const live = createLive(inst, true);
  ctx.lives.set(id, live);
  await spawnRun(ctx, live, profile);
  return live.inst;
}

/** Ports other profiles pin: never handed out as another profile's fallback (issue 8 §6). */
function pinnedElsewhere(
  ctx: SupervisorContext,
  profile: Profile,
): { exclude?: number[]; excludeWhy?: Record<number, string> } {
  const why: Record<number, string> = {};
  for (const other of ctx.deps.listProfiles?.() ?? []) {
    if (other.name === profile.name) continue;
    for (const s of other.ports)
      if (s.pinned && s.preferred !== undefined) why[s.preferred] ??= `pinned by ${other.name}`;
  }
  const exclude = Object.keys(why).map(Number);
  return exclude.length > 0 ? { exclude, excludeWhy: why } : {};
}

/** Why the folder cannot be used, or null. */
function checkCwd(cwd: string, profile: string): string | null {
  let isDir: boolean;
  try {
    isDir = statSync(cwd).isDirectory();
  } catch {
    return `The folder ${cwd} does not exist. Fix the profile: berth profile edit ${profile} --cwd DIR`;
  }
  return isDir ? null : `${cwd} is a file, not a folder. Fix the profile: berth profile edit ${profile} --cwd DIR`;
}

/**
 * Spawns one run of the instance, detached in its own process group, with its output to the log
 * file. Any failure (folder, env file, spawn error, NUL bytes) leaves the instance `failed` with the
 * reason (issue 8 §7): never `starting` without a PID.
 */
export async function spawnRun(ctx: SupervisorContext, live: Live, profile: Profile): Promise<void> {
  const { inst } = live;
  const bad = checkCwd(inst.cwd, inst.profile);
  if (bad !== null) return failLive(ctx, live, bad);
  let child: ChildProcess;
  try {
    const env = buildChildEnv(profile, inst.ports, process.env, inst.id, ctx.homeId, inst.refs);
    const fd = openSync(inst.logFile, 'a', 0o600);
    try {
      // The user's command runs exactly as written, by their shell.
      const shell = process.platform === 'win32' ? (process.env.ComSpec ?? 'cmd.exe') : process.env.SHELL || '/bin/sh';
      const args = process.platform === 'win32' ? ['/d', '/s', '/c', inst.command] : ['-c', inst.command];
      child = spawn(shell, args, { cwd: inst.cwd, env, detached: true, stdio: ['ignore', fd, fd], windowsHide: true });
    } finally {
      closeSync(fd);
    }
  } catch (err) {
    return failLive(ctx, live, `Could not start ${inst.profile}: ${(err as Error).message}`);
  }
  const pid = child.pid;
  // Read before returning to the event loop: until then Node cannot have reaped the child, so the
  // pid is still its own (even as a zombie) and the stamp is the right one.
  const stat = pid !== undefined && process.platform === 'linux' ? readProcStat(pid) : null;
  if (pid === undefined) {
    const err = await new Promise<Error>((r) => child.once('error', r));
    return failLive(ctx, live, `Could not start the shell: ${err.message}`);
  }
  child.on('error', () => {});
  // The server runs on without the host: its handle must not keep a closing host alive.
  child.unref();
  live.child = child;
  live.origin = 'child';
  live.runStartedAt = Date.now();
  live.listened = false;
  live.inTree.clear();
  child.once('exit', (code, signal) => ctx.onChildExit(live, code, signal));
  const startKey = stat ? startKeyFromTicks(stat.startTicks) : ((await getProcessInfo(pid))?.startKey ?? null);
  // Recorded before anything else happens, so a crash of the host loses nothing.
  update(ctx, live, {
    pid,
    pgid: process.platform === 'win32' ? null : pid,
    startKey,
    members: [],
    status: 'starting',
  });
  void watchReadiness(ctx, live, profile);
}
