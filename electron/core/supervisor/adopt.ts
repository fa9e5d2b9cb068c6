import { join } from 'node:path';
import { readCmdline, readCwd, readEnvironVars, startTimeMsFromTicks } from '../processes/linux-proc.js';
import { listProcesses, type ProcessEntry } from '../processes/process-table.js';
import { matchRecorded, pickRoot, recordedIdentities } from './anchors.js';
import { persist, type SupervisorContext } from './context.js';
import { expandUrl } from './child-env.js';
import { findMarkedLaunches, type MarkedLaunch } from './find-marked.js';
import { createLive, type Live } from './live.js';
import { loadRecords } from './records.js';
import { isActive, newInstance, type Instance } from './types.js';
import { watchAdoptedReadiness } from './watch-readiness.js';

/**
 * Re-adopts the live instances an earlier host launched: from instances.json, checked against the
 * recorded identities (the leader, else a recorded member that is still the same process), then from
 * the environment markers of live processes (find-marked.ts) for whatever the records lack or lost.
 * The others are marked stopped. Nothing is signalled here.
 */
export async function adoptAll(ctx: SupervisorContext): Promise<string[]> {
  const { instances, notices, bootId: recordedBoot } = loadRecords(ctx.deps.dataDir, ctx.bootId);
  const marked = findMarkedLaunches(ctx.homeId);
  const table = await listProcesses();
  for (const inst of instances) {
    if (ctx.lives.has(inst.id)) continue;
    const sameBoot = recordedBoot === ctx.bootId;
    const alive = sameBoot ? matchRecorded(table, recordedIdentities(inst)) : [];
    if (isActive(inst) && alive.length > 0) {
      const leader = alive.find((e) => e.pid === inst.pid) ?? pickRoot(alive)!;
      const followed = leader.pid !== inst.pid;
      const status = inst.status === 'stopping' ? 'ready' : inst.status;
      const live = adoptLive(ctx, {
        ...inst,
        status,
        pid: leader.pid,
        startKey: leader.startKey,
        members: inst.members.filter((m) => m.pid !== leader.pid),
      });
      if (followed) live.origin = 'followed';
      marked.delete(inst.id);
      continue;
    }
    if (marked.has(inst.id)) continue; // found by its marker below, with fresh identities
    const ended = isActive(inst)
      ? {
          ...inst,
          status: 'stopped' as const,
          pid: null,
          endedAt: Date.now(),
          message: 'Exited while Berth was not running.',
        }
      : inst;
    ctx.ended.push({ ...ended, nextRestartAt: null });
  }
  for (const launch of marked.values())
    if (!ctx.lives.has(launch.id))
      adoptMarked(
        ctx,
        launch,
        instances.find((i) => i.id === launch.id),
      );
  persist(ctx);
  return notices;
}

/** Adopts the marked launches of one profile that the supervisor does not know yet; returns them. */
export function adoptMarkedOf(ctx: SupervisorContext, profile: string): Instance[] {
  const out: Instance[] = [];
  for (const launch of findMarkedLaunches(ctx.homeId, { profile }).values()) {
    if (ctx.lives.has(launch.id)) continue;
    out.push(adoptMarked(ctx, launch, undefined).inst);
  }
  if (out.length > 0) persist(ctx);
  return out;
}

function adoptLive(ctx: SupervisorContext, inst: Instance): Live {
  const live = createLive(inst, false);
  for (const p of Object.values(inst.ports)) ctx.deps.reservations.tryReserve(p, inst.id);
  ctx.lives.set(inst.id, live);
  // Settled unless still starting: a start or restart that waits for it must not wait out a ready timeout.
  if (inst.status !== 'starting') live.settle();
  if (inst.status !== 'ready') void watchAdoptedReadiness(ctx, live, ctx.deps.getProfile(inst.profile));
  return live;
}

/**
 * An instance rebuilt from its processes alone: the group leader (or the oldest root) becomes the
 * recorded process, the others its members; the ports come from the same environment.
 */
function adoptMarked(ctx: SupervisorContext, launch: MarkedLaunch, record: Instance | undefined): Live {
  const leader = launch.processes.find((p) => p.pid === p.pgid) ?? pickRoot(launch.processes)!;
  const profile = ctx.deps.getProfile(launch.profile);
  const names = profile?.ports.map((p) => p.name) ?? Object.keys(record?.ports ?? { PORT: 0 });
  const env = readEnvironVars(leader.pid, names) ?? {};
  const ports: Record<string, number> = {};
  for (const n of names) if (/^\d{1,5}$/.test(env[n] ?? '')) ports[n] = Number(env[n]);
  const startTicks = Number(/:(\d+)$/.exec(leader.startKey)?.[1] ?? 0);
  const inst: Instance = {
    ...(record ?? newInstance(launch.id, launch.profile)),
    status: 'starting',
    pid: leader.pid,
    pgid: leader.pgid,
    startKey: leader.startKey,
    members: launch.processes
      .filter((p: ProcessEntry) => p.pid !== leader.pid)
      .map((p) => ({ pid: p.pid, startKey: p.startKey })),
    ports,
    url:
      profile && Object.keys(ports).length > 0
        ? expandUrl(profile, { ...record?.refs, ...ports })
        : (record?.url ?? null),
    logFile: record?.logFile ?? join(ctx.logDir, `${launch.id}.log`),
    command: record?.command ?? readCmdline(leader.pid) ?? leader.name,
    cwd: record?.cwd ?? readCwd(leader.pid) ?? '',
    startedAt: record?.startedAt ?? startTimeMsFromTicks(startTicks),
    endedAt: null,
    nextRestartAt: null,
    message: null,
    warnings: [
      ...(record?.warnings ?? []),
      'Berth found it running by its environment marker (its record was missing) and adopted it.',
    ],
  };
  return adoptLive(ctx, inst);
}
