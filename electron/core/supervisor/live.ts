import type { ChildProcess } from 'node:child_process';
import { createLogTail, type LogTail } from './log-tail.js';
import { initialRestartState, type RestartState } from './restart-policy.js';
import type { Instance } from './types.js';

/** The supervisor's working state for one instance that has not ended (running, starting, stopping or in backoff). */
export type Live = {
  inst: Instance;
  child: ChildProcess | null;
  tail: LogTail;
  restart: RestartState;
  runStartedAt: number;
  stopping: boolean;
  restartTimer: NodeJS.Timeout | null;
  /** Not our child: adopted from an earlier host, or left running by a launcher that exited. */
  origin: 'child' | 'adopted' | 'followed';
  /** Per listening pid seen in a scan: is it in the instance's tree? */
  inTree: Map<number, boolean>;
  /** Its tree listened during this run (an EADDRINUSE exit before that means the port was taken after the check). */
  listened: boolean;
  portRetries: number;
  /** A liveness check of this instance is queued or running (ticks do not pile them up). */
  checking: boolean;
  settled: Promise<void>;
  settle: () => void;
  /**
   * Sees every line read from the log, whoever reads it (the tick's relay, a client's first read, the
   * readiness loop): a readiness pattern is never missed because another reader got the line first.
   */
  onLines: ((lines: readonly string[]) => void) | null;
};

export function createLive(inst: Instance, fromStart: boolean): Live {
  let settle = (): void => {};
  const settled = new Promise<void>((r) => (settle = r));
  return {
    inst,
    child: null,
    tail: createLogTail(inst.logFile, { fromStart }),
    restart: initialRestartState,
    runStartedAt: Date.now(),
    stopping: false,
    restartTimer: null,
    origin: fromStart ? 'child' : 'adopted',
    inTree: new Map(),
    listened: false,
    portRetries: 0,
    checking: false,
    settled,
    settle,
    onLines: null,
  };
}
