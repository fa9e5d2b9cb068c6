import type { PortHandlers } from '../../contract/api.js';
import type { FreePortResult, InstanceView, ListenerView } from '../../contract/views.js';
import { fail, ok } from '../../contract/result.js';
import type { ScanResult } from '../ports/types.js';
import { checkPort } from '../ports/free-check.js';
import { findFreePorts } from '../ports/resolve.js';
import type { Reservations } from '../ports/reservations.js';
import { freePort } from '../free/free-port.js';
import type { ClassifyContext, HolderClassifier } from '../free/holders.js';

export type PortHandlerDeps = Readonly<{
  scan: () => Promise<ScanResult>;
  reservations: Reservations;
  classifier: HolderClassifier;
  /** What the classifier needs to know of profiles and instances (empty for the CLI's port engine). */
  context: () => ClassifyContext;
  /** Stops Berth's own instances through the supervisor (a host only). */
  stopInstances?: (ids: readonly string[]) => Promise<readonly InstanceView[]>;
  /** Called after a command changed something (a scan is due at once). */
  changed?: () => void;
  defaultStopTimeout?: () => number;
  respawnWindowMs?: number;
}>;

/** ports.* — list, who, check, find, free. */
export function createPortHandlers(deps: PortHandlerDeps): PortHandlers {
  const views = async (): Promise<{ scan: ScanResult; listeners: ListenerView[] }> => {
    const scan = await deps.scan();
    return { scan, listeners: await deps.classifier.classify(scan.listeners, deps.context()) };
  };
  return {
    'ports.list': async () => {
      const { scan, listeners } = await views();
      return ok({ listeners, source: scan.source, takenAt: scan.takenAt });
    },
    'ports.who': async ({ port }) => {
      const { listeners } = await views();
      return ok({ port, listeners: listeners.filter((l) => l.port === port) });
    },
    'ports.check': async ({ port }) => {
      const { scan, listeners } = await views();
      const state = await checkPort(port, scan.listeners);
      const holders = listeners.filter((l) => l.port === port);
      const base = { port, free: state.free, holders };
      return ok(state.bindError ? { ...base, detail: state.bindError } : base);
    },
    'ports.find': async (req) =>
      ok({ ports: await findFreePorts(req, { scan: deps.scan, reservations: deps.reservations }) }),
    'ports.free': async (req) => {
      const { listeners } = await views();
      const holders = listeners.filter((l) => l.port === req.port);
      const system = holders.find((l) => l.holder === 'system');
      if (system && !req.allowSystem) {
        return fail(
          'refused',
          `Port ${req.port} is held by ${system.process} (PID ${system.pid}), ` +
            `a ${system.system ?? 'system service'}; Berth does not stop system services.`,
          `Stop it with its service manager, or, if you are sure: berth free ${req.port} --allow-system`,
        );
      }
      const instanceIds = [
        ...new Set(holders.filter((l) => l.holder === 'instance' && l.instance).map((l) => l.instance!)),
      ];
      let stoppedInstances: readonly InstanceView[] = [];
      if (instanceIds.length > 0) {
        if (!deps.stopInstances)
          return fail('unavailable', `Port ${req.port} is held by a Berth instance; it is stopped through its host.`);
        if (req.dryRun) return ok(instancePlan(req.port, holders));
        // Berth's own servers are stopped as instances: status stopped, their restart policy does not fire.
        stoppedInstances = await deps.stopInstances(instanceIds);
        deps.changed?.();
        if (holders.every((l) => l.holder === 'instance'))
          return ok(await afterInstanceStop(req.port, stoppedInstances, deps));
      }
      const timeout = req.timeout ?? deps.defaultStopTimeout?.();
      const r = await freePort(
        req.port,
        {
          ...(timeout !== undefined ? { timeoutMs: timeout * 1000 } : {}),
          force: req.force,
          parent: req.parent,
          dryRun: req.dryRun,
          ...(deps.respawnWindowMs !== undefined ? { respawnWindowMs: deps.respawnWindowMs } : {}),
        },
        { scan: deps.scan },
      );
      if (!req.dryRun) deps.changed?.();
      const { freedAt: _freedAt, ...pub } = r;
      const holder = holders[0]?.holder;
      const withInstances = stoppedInstances.length > 0 ? { instances: stoppedInstances.map((i) => i.id) } : {};
      return ok({ ...pub, ...(holder ? { holder } : {}), ...withInstances });
    },
  };
}

function instancePlan(port: number, holders: readonly ListenerView[]): FreePortResult {
  const names = [...new Set(holders.filter((l) => l.holder === 'instance').map((l) => `${l.profile} (${l.instance})`))];
  return {
    port,
    alreadyFree: false,
    freed: false,
    stopped: [],
    refused: [],
    dryRun: true,
    holder: 'instance',
    instances: holders.filter((l) => l.instance).map((l) => l.instance!),
    message: `Would stop the Berth instance ${names.join(', ')} to free port ${port}.`,
  };
}

async function afterInstanceStop(
  port: number,
  stopped: readonly InstanceView[],
  deps: PortHandlerDeps,
): Promise<FreePortResult> {
  const { free } = await checkPort(port, (await deps.scan()).listeners);
  const ids = stopped.map((i) => i.id);
  const names = stopped.map((i) => i.profile).join(', ');
  const base = {
    port,
    alreadyFree: false,
    stopped: [],
    refused: [],
    dryRun: false,
    holder: 'instance' as const,
    instances: ids,
  };
  if (free && stopped.every((i) => i.status === 'stopped'))
    return { ...base, freed: true, message: `Port ${port} is free (stopped the Berth instance of ${names}).` };
  const why = stopped.map((i) => i.warnings.at(-1) ?? i.message ?? i.status).join('; ');
  return { ...base, freed: false, message: `Port ${port} is still in use after stopping ${names}: ${why}` };
}
