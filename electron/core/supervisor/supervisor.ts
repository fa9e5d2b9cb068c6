import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { ScanResult } from '../ports/types.js';
import type { Reservations } from '../ports/reservations.js';
import { resolvePorts, type FreeHolder, type PortVariable } from '../ports/resolve.js';
import type { Profile } from '../profiles/schema.js';
import { getProcessInfo, listProcesses } from '../processes/process-table.js';
import { checkIdentity } from '../processes/identity.js';
import { createGuardContext } from '../processes/guard.js';
import { targetFor, terminate, type Refusal, type Target } from '../processes/terminate.js';
import { readBootId } from '../processes/linux-proc.js';
import { buildChildEnv, buildCommandLine, expandTemplate, readProfileEnvFile } from './child-env.js';
import { createLogTail, type LogSlice, type LogTail } from './log-tail.js';
import { instanceTreePids } from './instance-tree.js';
import { probeHttp, probeTcp } from './readiness.js';
import { decideRestart, initialRestartState, type RestartState } from './restart-policy.js';
import { loadRecords, saveRecords } from './records.js';
import { isActive, type Instance } from './types.js';
import type { NoticeInput } from '../../contract/views.js';
import { checkBindable } from '../ports/free-check.js';

export type SupervisorDeps = Readonly<{
  dataDir: string;
  scan: () => Promise<ScanResult>;
  reservations: Reservations;
  getProfile: (name: string) => Profile | undefined;
  /** Sticky ports: a profile that had to fall back prefers the port it got next time. */
  rememberPort: (profile: string, variable: string, port: number) => void;
  onChange: () => void;
  onLog?: (id: string, lines: readonly string[]) => void;
  /** Things the user must learn (an instance gave up restarting). */
  onNotice?: (notice: NoticeInput) => void;
  freeHolder?: FreeHolder;
  /** Multiplies restart backoff delays (tests use a small value). */
  backoffScale?: number;
}>;

type Live = {
  inst: Instance;
  child: ChildProcess | null;
  tail: LogTail;
  restart: RestartState;
  runStartedAt: number;
  stopping: boolean;
  restartTimer: NodeJS.Timeout | null;
  /** Not our child: adopted from an earlier host, or left running by a launcher that exited. */
  origin: 'child' | 'adopted' | 'followed';
  inTree: Map<number, boolean>;
  settled: Promise<void>;
  settle: () => void;
};

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const LOG_POLL_MS = 250;

export type Supervisor = ReturnType<typeof createSupervisor>;

export function createSupervisor(deps: SupervisorDeps) {
  const bootId = process.platform === 'linux' ? readBootId() : 'boot';
  const lives = new Map<string, Live>();
  const ended: Instance[] = [];
  const logDir = join(deps.dataDir, 'logs');

  function all(): Instance[] {
    return [...ended, ...[...lives.values()].map((l) => l.inst)];
  }
  let closed = false;
  function persist(): void {
    if (closed) return; // a host that is going away leaves the records for the next one
    saveRecords(deps.dataDir, bootId, all());
    deps.onChange();
  }
  function update(live: Live, patch: Partial<Instance>): void {
    live.inst = { ...live.inst, ...patch };
    persist();
  }

  function newLive(inst: Instance, fromStart: boolean): Live {
    let settle = (): void => {};
    const settled = new Promise<void>((r) => (settle = r));
    return { inst, child: null, tail: createLogTail(inst.logFile, { fromStart }), restart: initialRestartState, runStartedAt: Date.now(), stopping: false, restartTimer: null, origin: fromStart ? 'child' : 'adopted', inTree: new Map(), settled, settle };
  }

  async function start(profile: Profile, options: Readonly<{ port?: number }> = {}): Promise<Instance> {
    const id = `${profile.name}-${randomBytes(3).toString('hex')}`;
    const fileEnv = { ...readProfileEnvFile(profile), ...profile.env };
    const variables: PortVariable[] = profile.ports.map((s) => ({
      name: s.name,
      ...(s.pinned ? (s.preferred !== undefined ? { preferred: s.preferred } : {}) : (s.sticky ?? s.preferred) !== undefined ? { preferred: (s.sticky ?? s.preferred)! } : {}),
      ...(s.range ? { range: s.range } : {}),
    }));
    const first = profile.ports[0]?.name;
    const resolved = await resolvePorts(
      { variables, policy: profile.policy, env: fileEnv, owner: id, ...(options.port !== undefined && first ? { overrides: { [first]: options.port } } : {}) },
      { scan: deps.scan, reservations: deps.reservations, ...(deps.freeHolder ? { freeHolder: deps.freeHolder } : {}) },
    );
    for (const a of resolved.allocations) {
      const spec = profile.ports.find((p) => p.name === a.name);
      if (spec && !spec.pinned && a.source !== 'override' && a.assigned !== a.preferred) deps.rememberPort(profile.name, a.name, a.assigned);
    }
    mkdirSync(logDir, { recursive: true });
    const inst: Instance = {
      id, profile: profile.name, status: 'starting', pid: null, pgid: null, startKey: null, ports: resolved.ports, actualPorts: [],
      allocation: resolved.allocations, url: profile.ports.length > 0 ? expandTemplate(profile.url, resolved.ports) : null,
      logFile: join(logDir, `${id}.log`), command: buildCommandLine(profile, resolved.ports), cwd: profile.cwd, startedAt: Date.now(),
      endedAt: null, exitCode: null, signal: null, restarts: 0, nextRestartAt: null, warnings: [], message: null, lastLines: [],
    };
    closeSync(openSync(inst.logFile, 'a', 0o600));
    const live = newLive(inst, true);
    lives.set(id, live);
    await launch(live, profile);
    return live.inst;
  }

  async function launch(live: Live, profile: Profile): Promise<void> {
    const { inst } = live;
    if (!existsSync(inst.cwd) || !statSync(inst.cwd).isDirectory()) {
      return fail(live, `The folder ${inst.cwd} does not exist. Fix the profile: berth profile edit ${inst.profile} --cwd DIR`);
    }
    const fd = openSync(inst.logFile, 'a', 0o600);
    let child: ChildProcess;
    try {
      // The user's command runs exactly as written, by their shell, detached in its own process group.
      const shell = process.platform === 'win32' ? (process.env.ComSpec ?? 'cmd.exe') : (process.env.SHELL || '/bin/sh');
      const args = process.platform === 'win32' ? ['/d', '/s', '/c', inst.command] : ['-c', inst.command];
      child = spawn(shell, args, { cwd: inst.cwd, env: buildChildEnv(profile, inst.ports, process.env, inst.id), detached: true, stdio: ['ignore', fd, fd], windowsHide: true });
    } finally {
      closeSync(fd);
    }
    const pid = child.pid;
    if (pid === undefined) {
      const err = await new Promise<Error>((r) => child.once('error', r));
      return fail(live, `Could not start the shell: ${err.message}`);
    }
    child.on('error', () => {});
    // The server runs on without the host: its handle must not keep a closing host alive.
    child.unref();
    live.child = child;
    live.origin = 'child';
    live.runStartedAt = Date.now();
    live.inTree.clear();
    const info = await getProcessInfo(pid);
    // Recorded before anything else happens, so a crash of the host loses nothing.
    update(live, { pid, pgid: process.platform === 'win32' ? null : pid, startKey: info?.startKey ?? null, status: 'starting' });
    child.once('exit', (code, signal) => void onExit(live, code, signal));
    void watchReadiness(live, profile);
  }

  function fail(live: Live, message: string): void {
    deps.reservations.releaseOwner(live.inst.id);
    update(live, { status: 'failed', message, endedAt: Date.now() });
    retire(live);
  }

  function retire(live: Live): void {
    // Its last lines reach followers (logs -f) before the state says it ended.
    const last = live.tail.poll();
    if (last.length > 0) deps.onLog?.(live.inst.id, last);
    live.tail.close();
    lives.delete(live.inst.id);
    ended.push(live.inst);
    live.settle();
    persist();
  }

  async function ownPorts(live: Live): Promise<number[]> {
    const { listeners } = await deps.scan();
    const unknown = listeners.some((l) => l.pid !== null && !live.inTree.has(l.pid));
    if (unknown && live.inst.pid !== null) {
      const tree = new Set(instanceTreePids(await listProcesses(), live.inst.pid, live.inst.pgid));
      for (const l of listeners) if (l.pid !== null && !live.inTree.has(l.pid)) live.inTree.set(l.pid, l.holders.some((h) => tree.has(h.pid)));
    }
    return [...new Set(listeners.filter((l) => l.pid !== null && live.inTree.get(l.pid)).map((l) => l.port))];
  }

  async function watchReadiness(live: Live, profile: Profile): Promise<void> {
    const started = live.runStartedAt;
    const deadline = started + profile.readyTimeout * 1000;
    const assigned = Object.values(live.inst.ports);
    const pattern = profile.ready.type === 'log' ? new RegExp(profile.ready.pattern) : null;
    let logMatched = false;
    let timedOut = false;
    const running = (): boolean => (live.child !== null || live.origin === 'followed') && lives.has(live.inst.id);
    while (running() && !live.stopping && live.runStartedAt === started) {
      for (const line of live.tail.poll()) if (pattern?.test(line)) logMatched = true;
      const listening = await ownPorts(live);
      const onAssigned = assigned.every((p) => listening.includes(p));
      const probePort = onAssigned ? assigned[0] : listening[0];
      if (onAssigned || listening.length > 0) {
        if (onAssigned) deps.reservations.releaseOwner(live.inst.id);
        let ready = probePort === undefined || (await probeTcp(probePort));
        if (ready && profile.ready.type === 'http' && probePort !== undefined) ready = await probeHttp(probePort, profile.ready.path, profile.ready.status);
        if (ready && pattern) ready = logMatched;
        if (ready && running() && !live.stopping) {
          const patch: { -readonly [K in keyof Instance]?: Instance[K] } = { status: 'ready', message: null };
          if (!onAssigned && assigned.length > 0) {
            patch.actualPorts = listening;
            patch.warnings = [...live.inst.warnings, `It listens on ${listening.join(', ')}, not on the assigned ${assigned.join(', ')}: the server ignored ${Object.keys(live.inst.ports).join(', ')}. Pass the port as an argument (e.g. --arg --port --arg {PORT}).`];
            patch.url = expandTemplate(profile.url, { ...live.inst.ports, [Object.keys(live.inst.ports)[0]!]: listening[0]! });
            deps.reservations.releaseOwner(live.inst.id);
          }
          update(live, patch);
          live.settle();
          return;
        }
      }
      if (!timedOut && Date.now() > deadline) {
        timedOut = true;
        const what = assigned.length > 0 ? `nothing in its process tree listens on ${assigned.join(', ')}` : 'its readiness check did not pass';
        update(live, { status: 'not listening', message: `After ${profile.readyTimeout} s, ${what}.` });
        live.settle();
      }
      const age = Date.now() - started;
      await sleep(age < 1000 ? 10 : age < 5000 ? 50 : timedOut ? 1000 : 250);
    }
  }

  async function onExit(live: Live, code: number | null, signal: NodeJS.Signals | null): Promise<void> {
    live.child = null;
    if (live.stopping) return; // stop() owns the outcome
    const lived = Date.now() - live.runStartedAt;
    // A launcher that exits cleanly and leaves its server running (`server &`, a start script):
    // the instance lives on in its process group, and Berth follows it there.
    if (code === 0 && signal === null && (await followSurvivor(live))) return;
    await stopTree(live, 3000); // leftovers of the group: nothing is orphaned
    deps.reservations.releaseOwner(live.inst.id);
    live.tail.poll();
    const lastLines = live.tail.last(20);
    if ((code === 127 || code === 126) && lived < 5000) {
      return fail(live, code === 127 ? `Command not found: ${live.inst.command.split(/\s/)[0]} (${lastLines.at(-1) ?? 'exit code 127'}).` : `The command is not executable (${lastLines.at(-1) ?? 'exit code 126'}).`);
    }
    const patch: Partial<Instance> = { exitCode: code, signal, lastLines, endedAt: Date.now(), pid: null };
    if (code === 0 && signal === null) {
      update(live, { ...patch, status: 'stopped', message: 'Exited with code 0.' });
      return retire(live);
    }
    const profile = deps.getProfile(live.inst.profile);
    const how = signal ? `was killed by ${signal}` : `exited with code ${code ?? 'unknown'}`;
    if (profile?.restart === 'on-failure') {
      const d = decideRestart(live.restart, lived, deps.backoffScale ?? 1);
      live.restart = d.next;
      if (d.restart) {
        update(live, { ...patch, status: 'crashed', nextRestartAt: Date.now() + d.delayMs, message: `It ${how}; restarting in ${d.delayMs / 1000} s.` });
        live.restartTimer = setTimeout(() => {
          live.restartTimer = null;
          if (live.stopping) return;
          update(live, { restarts: live.inst.restarts + 1, nextRestartAt: null, endedAt: null, exitCode: null, signal: null });
          void launch(live, profile);
        }, d.delayMs);
        return;
      }
      update(live, { ...patch, status: 'crashed', message: `It ${how}; ${d.reason}.` });
      deps.onNotice?.({ level: 'error', kind: 'instance-gave-up', profile: live.inst.profile, instance: live.inst.id, text: `${live.inst.profile} ${how} and Berth gave up restarting it: ${d.reason}.`, hint: `See its output: berth logs ${live.inst.profile}` });
      return retire(live);
    }
    update(live, { ...patch, status: 'crashed', message: `It ${how}.` });
    retire(live);
  }

  /**
   * Re-points the instance at a surviving process of its group (the oldest one at the top of what
   * is left), with its identity, so liveness, stop and adoption by a later host keep working.
   */
  async function followSurvivor(live: Live): Promise<boolean> {
    const { pid, pgid } = live.inst;
    if (pid === null || pgid === null) return false;
    const table = await listProcesses();
    const left = new Set(instanceTreePids(table, pid, pgid).filter((p) => p !== pid));
    const roots = [...left].map((p) => table.get(p)!).filter((e) => !left.has(e.ppid));
    const next = roots.sort((a, b) => a.pid - b.pid)[0];
    if (!next || live.stopping) return false;
    live.origin = 'followed';
    update(live, {
      pid: next.pid, startKey: next.startKey,
      warnings: [...live.inst.warnings, `Its command exited with code 0 but left ${next.name} (PID ${next.pid}) running in its process group; Berth follows that process now.`],
    });
    return true;
  }

  /** SIGTERM to the recorded group and its escaped descendants, SIGKILL after the timeout, by verified identity. */
  async function stopTree(live: Live, timeoutMs: number): Promise<{ freed: boolean; refused: Refusal[] }> {
    const { pid, pgid, startKey } = live.inst;
    const refused: Refusal[] = [];
    if (pid === null) return { freed: true, refused };
    const table = await listProcesses();
    const targets: Target[] = [];
    for (const p of instanceTreePids(table, pid, pgid)) {
      const t = await targetFor(table.get(p)!, p === pid);
      if (t) targets.push(t);
    }
    const ports = [...Object.values(live.inst.ports), ...live.inst.actualPorts];
    const groupSignal = async (signal: 'SIGTERM' | 'SIGKILL'): Promise<void> => {
      if (pgid === null || startKey === null) return;
      // The group id stays ours while any member lives; the leader's identity proves it is the same launch.
      if ((await checkIdentity({ pid, startKey })) !== 'same' && !targets.some((t) => table.get(t.pid)?.pgid === pgid)) return;
      try {
        process.kill(-pgid, signal);
      } catch {
        // group already empty
      }
    };
    await groupSignal('SIGTERM');
    const checked = live.child === null && !live.stopping ? [] : ports;
    const released = async (): Promise<boolean> => {
      for (const p of checked) if (!(await checkBindable(p)).ok) return false;
      return true;
    };
    const r = await terminate(targets, released, refused, {
      timeoutMs,
      guard: createGuardContext(table),
      groupSignal: (s) => void (s === 'SIGKILL' ? groupSignal(s) : undefined),
    });
    return { freed: r.freedAt !== null, refused };
  }

  async function stop(id: string): Promise<Instance> {
    const live = lives.get(id);
    if (!live) {
      const done = ended.findLast((i) => i.id === id);
      if (done) return done;
      throw new Error(`No instance ${id}.`);
    }
    live.stopping = true;
    if (live.restartTimer) clearTimeout(live.restartTimer);
    update(live, { status: 'stopping' });
    const profile = deps.getProfile(live.inst.profile);
    const r = await stopTree(live, (profile?.stopTimeout ?? 10) * 1000);
    deps.reservations.releaseOwner(id);
    if (!r.freed) {
      update(live, { warnings: [...live.inst.warnings, `Could not stop every process: ${r.refused.map((x) => x.reason).join('; ') || 'still running or port still bound'}.`] });
      return live.inst;
    }
    update(live, { status: 'stopped', message: 'Stopped.', endedAt: Date.now(), pid: null, lastLines: live.tail.last(20) });
    retire(live);
    return live.inst;
  }

  /** Re-adopts live instances recorded by an earlier host; marks the others stopped. Never signals a mismatch. */
  async function adopt(): Promise<string[]> {
    const { instances, notices, bootId: recordedBoot } = loadRecords(deps.dataDir, bootId);
    for (const inst of instances) {
      if (!isActive(inst)) {
        ended.push(inst);
        continue;
      }
      const same = inst.pid !== null && inst.startKey !== null && recordedBoot === bootId && (await checkIdentity({ pid: inst.pid, startKey: inst.startKey })) === 'same';
      if (!same) {
        ended.push({ ...inst, status: 'stopped', pid: null, endedAt: Date.now(), message: 'Exited while Berth was not running.' });
        continue;
      }
      const live = newLive({ ...inst, status: inst.status === 'stopping' ? 'ready' : inst.status }, false);
      for (const p of Object.values(inst.ports)) deps.reservations.tryReserve(p, inst.id);
      lives.set(inst.id, live);
      const profile = deps.getProfile(inst.profile);
      if (profile && inst.status !== 'ready') void watchAdoptedReadiness(live, profile);
    }
    persist();
    return notices;
  }

  async function watchAdoptedReadiness(live: Live, profile: Profile): Promise<void> {
    const ports = Object.values(live.inst.ports);
    while (lives.has(live.inst.id) && !live.stopping && live.inst.status !== 'ready') {
      const listening = await ownPorts(live);
      if (ports.every((p) => listening.includes(p)) && (ports[0] === undefined || (await probeTcp(ports[0])))) update(live, { status: 'ready', message: null });
      await sleep(profile.readyTimeout > 0 ? 500 : 1000);
    }
  }

  let ticking = false;
  /** Called every LOG_POLL_MS: new log lines, and liveness of instances that are not our children. */
  async function tick(): Promise<void> {
    if (ticking) return; // a slow tick (process table reads) never overlaps the next one
    ticking = true;
    try {
      await tickOnce();
    } finally {
      ticking = false;
    }
  }
  async function tickOnce(): Promise<void> {
    for (const live of [...lives.values()]) {
      const lines = live.tail.poll();
      if (lines.length > 0) deps.onLog?.(live.inst.id, lines);
      if (live.origin !== 'child' && !live.stopping && live.restartTimer === null && live.inst.pid !== null && live.inst.startKey !== null) {
        if ((await checkIdentity({ pid: live.inst.pid, startKey: live.inst.startKey })) !== 'same') {
          if (live.stopping || !lives.has(live.inst.id)) continue;
          if (await followSurvivor(live)) continue;
          await stopTree(live, 3000);
          deps.reservations.releaseOwner(live.inst.id);
          update(live, { status: 'crashed', pid: null, endedAt: Date.now(), lastLines: live.tail.last(20), message: live.origin === 'followed' ? 'It exited (exit code unknown: its launching command had already exited).' : 'It exited (exit code unknown: it was started by an earlier Berth host).' });
          retire(live);
        }
      }
    }
  }
  const timer = setInterval(() => void tick(), LOG_POLL_MS);
  timer.unref();

  return {
    start,
    stop,
    adopt,
    tick,
    list: all,
    get: (id: string): Instance | undefined => lives.get(id)?.inst ?? ended.findLast((i) => i.id === id),
    /** Resolves when the instance is ready, not listening, failed or ended, or after `timeoutMs`. */
    async waitSettled(id: string, timeoutMs: number): Promise<Instance | undefined> {
      const live = lives.get(id);
      if (live) await Promise.race([live.settled, sleep(timeoutMs)]);
      return lives.get(id)?.inst ?? ended.findLast((i) => i.id === id);
    },
    logs(id: string, since: number, limit?: number): LogSlice | undefined {
      return lives.get(id)?.tail.since(since, limit);
    },
    close(): void {
      closed = true;
      clearInterval(timer);
      for (const l of lives.values()) {
        l.child?.removeAllListeners('exit');
        if (l.restartTimer) clearTimeout(l.restartTimer);
        l.tail.close();
      }
    },
  };
}
