import type { ListenerView } from '../../contract/views.js';
import { createHolderClassifier } from '../free/holders.js';
import { freePort } from '../free/free-port.js';
import { describeHolder } from '../ports/describe.js';
import type { FreeHolder } from '../ports/resolve.js';
import { listAll, type SupervisorContext } from './context.js';
import { isActive } from './types.js';

type Outcome = Awaited<ReturnType<FreeHolder>>;

/**
 * The `free` port policy's way to free a port: the same safe path as `berth free` (issue 7 §6).
 * Holders are classed first; a system service, another user's process or an invisible one is refused
 * with the reason; another profile's Berth instance is stopped through the supervisor (status
 * stopped, no restart); an instance of the same profile is never stopped to start another copy of it;
 * the user's own process is stopped by identity (SIGTERM, wait, SIGKILL after the stop timeout).
 */
export function createFreeHolder(ctx: SupervisorContext, profile: string): FreeHolder {
  const classifier = createHolderClassifier();
  return async (port) => {
    const scan = await ctx.deps.scan();
    const instances = listAll(ctx).map((i) => ({
      id: i.id,
      profile: i.profile,
      pid: i.pid,
      pgid: i.pgid,
      active: isActive(i),
    }));
    const holders = (
      await classifier.classify(
        scan.listeners.filter((l) => l.port === port),
        { instances, profiles: [] },
      )
    ).filter((l) => l.port === port);
    const refusal = refuse(holders, profile);
    if (refusal) return refusal;
    const others = [...new Set(holders.filter((l) => l.holder === 'instance' && l.instance).map((l) => l.instance!))];
    for (const id of others) {
      const stopped = await ctx.stopInstance(id);
      if (stopped.status !== 'stopped')
        return {
          freed: false,
          message: `the Berth instance ${id} holding it did not stop (${stopped.message ?? stopped.status}).`,
        };
    }
    if (holders.every((l) => l.holder === 'instance'))
      return { freed: true, message: `stopped the Berth instance ${others.join(', ')}` };
    const timeoutMs = (ctx.deps.getProfile(profile)?.stopTimeout ?? 10) * 1000;
    const r = await freePort(port, { timeoutMs }, { scan: ctx.deps.scan });
    return { freed: r.freed, message: r.message, ...(r.hint ? { hint: r.hint } : {}) };
  };
}

function refuse(holders: readonly ListenerView[], profile: string): Outcome | null {
  const system = holders.find((l) => l.holder === 'system');
  if (system) {
    return {
      freed: false,
      message:
        `it is held by ${describeHolder(system)}, a ${system.system ?? 'system service'}; ` +
        'Berth does not stop system services.',
      hint: `Stop it with its service manager, or choose another port: berth profile edit ${profile} --port N`,
    };
  }
  const other = holders.find((l) => l.holder === 'other-user' || l.holder === 'unknown');
  if (other) {
    const whose =
      other.holder === 'other-user' ? `another user's process, ${describeHolder(other)}` : describeHolder(other);
    return {
      freed: false,
      message: `it is held by ${whose}; Berth stops only your own processes.`,
      hint: `Choose another port: berth profile edit ${profile} --port N`,
    };
  }
  const same = holders.find((l) => l.holder === 'instance' && l.profile === profile);
  if (same) {
    return {
      freed: false,
      message:
        `it is held by ${same.instance}, an instance of ${profile} itself; ` +
        'the free policy does not stop one copy to start another.',
      hint: `Restart it instead: berth restart ${profile}`,
    };
  }
  return null;
}
