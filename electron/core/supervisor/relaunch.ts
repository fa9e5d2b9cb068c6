import { failLive, update, type SupervisorContext } from './context.js';
import { spawnRun } from './launch.js';
import type { Live } from './live.js';
import { findTakenPorts, fixedRule, movePorts, reservePorts, takenMessage } from './port-change.js';

/** After the backoff: launch again, unless a stop came first; a port taken meanwhile moves or fails fast. */
export async function relaunch(ctx: SupervisorContext, live: Live): Promise<void> {
  if (ctx.lives.get(live.inst.id) !== live || live.stopping || ctx.closed) return;
  const profile = ctx.deps.getProfile(live.inst.profile);
  if (!profile) return failLive(ctx, live, `The profile ${live.inst.profile} was removed; Berth did not restart it.`);
  const taken = await findTakenPorts(ctx, live);
  const fixed = taken.find((t) => fixedRule(profile, t.name) !== null);
  if (fixed) {
    const rule = fixedRule(profile, fixed.name) === 'pinned' ? 'the profile pins it' : 'the port policy is strict';
    const text = `${takenMessage(fixed)} ${profile.name} crashed and ${rule}, so Berth did not restart it.`;
    ctx.deps.onNotice?.({
      level: 'error',
      kind: 'port-taken',
      profile: profile.name,
      instance: live.inst.id,
      port: fixed.port,
      text,
      hint: `Free it with: berth free ${fixed.port}`,
    });
    return failLive(ctx, live, text);
  }
  if (taken.length > 0) {
    try {
      await movePorts(ctx, live, profile, taken, 'taken while the server was down');
    } catch (err) {
      return failLive(ctx, live, `${taken.map(takenMessage).join(' ')} No other port: ${(err as Error).message}`);
    }
    const moved = taken.map((t) => `${t.port} → ${live.inst.ports[t.name]}`).join(', ');
    const text = `${taken.map(takenMessage).join(' ')} ${profile.name} restarts on another port (${moved}).`;
    ctx.deps.onNotice?.({
      level: 'warning',
      kind: 'port-taken',
      profile: profile.name,
      instance: live.inst.id,
      port: taken[0]!.port,
      text,
    });
  }
  reservePorts(ctx, live);
  update(ctx, live, {
    restarts: live.inst.restarts + 1,
    nextRestartAt: null,
    endedAt: null,
    exitCode: null,
    signal: null,
    status: 'starting',
    message: null,
  });
  await spawnRun(ctx, live, profile);
}
