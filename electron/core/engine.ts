import type { PortHandlers } from '../contract/api.js';
import { ok, toResult } from './result.js';
import { createScanner, type Scanner, type ScannerOptions } from './ports/scanner.js';
import { toPublicListener } from './ports/types.js';
import { checkPort } from './ports/free-check.js';
import { findFreePorts } from './ports/resolve.js';
import { createReservations, type Reservations } from './ports/reservations.js';
import { freePort } from './processes/free-port.js';

export type EngineOptions = Readonly<{
  scanner?: Scanner;
  scannerOptions?: ScannerOptions;
  /** Window in which a respawn by the holder's parent is reported (ms). */
  respawnWindowMs?: number;
}>;

export type Engine = Readonly<{ handlers: PortHandlers; scanner: Scanner; reservations: Reservations; close(): Promise<void> }>;

/** Composes the engine's parts and implements the contract's handlers. */
export function createEngine(options: EngineOptions = {}): Engine {
  const scanner = options.scanner ?? createScanner(options.scannerOptions);
  const reservations = createReservations();
  const scan = () => scanner.scan();

  const handlers: PortHandlers = {
    'ports.list': async () => {
      try {
        const r = await scan();
        return ok({ listeners: r.listeners.map(toPublicListener), source: r.source, takenAt: r.takenAt });
      } catch (err) {
        return toResult(err);
      }
    },
    'ports.who': async ({ port }) => {
      try {
        const r = await scan();
        return ok({ port, listeners: r.listeners.filter((l) => l.port === port).map(toPublicListener) });
      } catch (err) {
        return toResult(err);
      }
    },
    'ports.check': async ({ port }) => {
      try {
        const state = await checkPort(port, (await scan()).listeners);
        const base = { port, free: state.free, holders: state.holders.map(toPublicListener) };
        return ok(state.bindError ? { ...base, detail: state.bindError } : base);
      } catch (err) {
        return toResult(err);
      }
    },
    'ports.find': async (req) => {
      try {
        return ok({ ports: await findFreePorts(req, { scan, reservations }) });
      } catch (err) {
        return toResult(err);
      }
    },
    'ports.free': async (req) => {
      try {
        const r = await freePort(
          req.port,
          {
            ...(req.timeout !== undefined ? { timeoutMs: req.timeout * 1000 } : {}),
            force: req.force,
            parent: req.parent,
            dryRun: req.dryRun,
            ...(options.respawnWindowMs !== undefined ? { respawnWindowMs: options.respawnWindowMs } : {}),
          },
          { scan },
        );
        const { freedAt: _freedAt, ...pub } = r;
        return ok(pub);
      } catch (err) {
        return toResult(err);
      }
    },
  };

  return { handlers, scanner, reservations, close: () => scanner.close() };
}
