import { listProcesses } from '../processes/process-table.js';
import { groupSurvivors } from './anchors.js';
import { failLive, relayLogs, retire, update, type SupervisorContext } from './context.js';
import { decideExit, type ExitDecision } from './exit-decision.js';
import { relaunch } from './relaunch.js';
import { spawnRun } from './launch.js';
import { followRecorded } from './follow.js';
import type { Live } from './live.js';
import { describeTaken, findTakenPorts, fixedRule, movePorts } from './port-change.js';
import { stopTree } from './stop-tree.js';
import type { Instance } from './types.js';

const ADDRESS_IN_USE = /EADDRINUSE|address already in use/i;

/** Our child (the launch's leader) exited. Runs in the profile's command queue, so a stop and an exit never race. */
export async function handleChildExit(
  ctx: SupervisorContext,
  live: Live,
  code: number | null,
  signal: NodeJS.Signals | null,
): Promise<void> {
  const ours = (): boolean => ctx.lives.get(live.inst.id) === live && !live.stopping && !ctx.closed;
  if (!ours()) return; // stop() owns the outcome
  const lived = Date.now() - live.runStartedAt;
  // The leader was just reaped: record what is left of its group before anything can reuse the number.
  const table = await listProcesses();
  const leader = { pid: live.inst.pid ?? -1, startKey: live.inst.startKey ?? '' };
  const left = groupSurvivors(table, leader, live.inst.pgid).map((e) => ({ pid: e.pid, startKey: e.startKey }));
  const members = [...live.inst.members, ...left.filter((m) => !live.inst.members.some((o) => o.pid === m.pid))];
  live.inst = { ...live.inst, members };
  // A launcher that exits cleanly and leaves its server running (`server &`, a start script):
  // the instance lives on in its process group, and Berth follows it there.
  if (
    code === 0 &&
    signal === null &&
    (await followRecorded(
      ctx,
      live,
      (n) =>
        `Its command exited with code 0 but left ${n} running in its process group; Berth follows that process now.`,
    ))
  )
    return;
  if (!ours()) return;
  await stopTree(live, 3000); // leftovers of the launch: nothing is orphaned
  if (!ours()) return;
  ctx.deps.reservations.releaseOwner(live.inst.id);
  relayLogs(ctx, live);
  const lastLines = live.tail.last(20);
  const profile = ctx.deps.getProfile(live.inst.profile);
  let addressInUse;
  if (!live.listened && lastLines.some((l) => ADDRESS_IN_USE.test(l)) && profile) {
    const taken = (await findTakenPorts(ctx, live))[0];
    const port = taken?.port ?? Object.values(live.inst.ports)[0];
    if (port !== undefined) {
      const name = taken?.name ?? Object.keys(live.inst.ports)[0]!;
      addressInUse = { port, holder: taken ? describeTaken(taken) : null, fixed: fixedRule(profile, name) };
    }
  }
  const decision = decideExit({
    code,
    signal,
    livedMs: lived,
    origin: 'child',
    command: live.inst.command,
    searchPath: profile?.env?.['PATH'] ?? process.env['PATH'] ?? '',
    lastLine: lastLines.at(-1),
    restart: profile?.restart ?? null,
    restartState: live.restart,
    backoffScale: ctx.deps.backoffScale ?? 1,
    portRetries: live.portRetries,
    ...(addressInUse ? { addressInUse } : {}),
  });
  await applyExit(ctx, live, decision, { exitCode: code, signal, lastLines, endedAt: Date.now(), pid: null });
}

/** Carries out a decision: retire the instance, or schedule its restart, or move it to another port now. */
export async function applyExit(
  ctx: SupervisorContext,
  live: Live,
  d: ExitDecision,
  patch: Partial<Instance>,
): Promise<void> {
  const { inst } = live;
  const profile = ctx.deps.getProfile(inst.profile);
  if (d.kind === 'retry-port' && profile) {
    live.portRetries++;
    const taken = (await findTakenPorts(ctx, live)).filter((t) => t.port === d.port);
    const name = Object.entries(inst.ports).find(([, p]) => p === d.port)?.[0] ?? Object.keys(inst.ports)[0]!;
    try {
      await movePorts(
        ctx,
        live,
        profile,
        taken.length > 0 ? taken : [{ name, port: d.port, holders: [] }],
        'EADDRINUSE when the server tried to listen',
      );
    } catch (err) {
      return failLive(
        ctx,
        live,
        `${d.message.replace(/; trying the next port\.$/, '')}; no other port: ${(err as Error).message}`,
      );
    }
    update(ctx, live, {
      warnings: [
        ...live.inst.warnings,
        `${d.message.replace('trying the next port', `moved to ${Object.values(live.inst.ports).join(', ')}`)}`,
      ],
    });
    return spawnRun(ctx, live, profile);
  }
  if (d.kind === 'restart' && profile) {
    live.restart = d.next;
    update(ctx, live, { ...patch, status: 'crashed', nextRestartAt: Date.now() + d.delayMs, message: d.message });
    live.restartTimer = setTimeout(() => {
      live.restartTimer = null;
      void ctx.queue.run(inst.profile, () => relaunch(ctx, live));
    }, d.delayMs);
    return;
  }
  if (d.kind === 'crashed' && d.next) live.restart = d.next;
  const status = d.kind === 'failed' ? 'failed' : d.kind === 'stopped' ? 'stopped' : 'crashed';
  update(ctx, live, { ...patch, status, message: d.message, nextRestartAt: null });
  if ('notice' in d && d.notice) {
    const hint = `See its output: berth logs ${inst.profile}`;
    ctx.deps.onNotice?.({
      level: 'error',
      kind: d.kind === 'crashed' ? 'instance-gave-up' : 'instance-failed',
      profile: inst.profile,
      instance: inst.id,
      text: `${inst.profile}: ${d.notice}`,
      hint,
    });
  }
  retire(ctx, live);
}
