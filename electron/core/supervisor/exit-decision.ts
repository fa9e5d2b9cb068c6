import { decideRestart, type RestartState } from './restart-policy.js';

/**
 * What an instance's end means, decided from facts alone (no clock, no process table), so every
 * combination is covered by a table of cases (test/core/supervisor/exit-decision.test.ts).
 */
export type ExitFacts = Readonly<{
  /** null with origin adopted/followed: the exit code of a process that is not our child is unknown. */
  code: number | null;
  signal: string | null;
  livedMs: number;
  origin: 'child' | 'adopted' | 'followed';
  /** The command as launched, for "Command not found: x". */
  command: string;
  /** The PATH the command was looked up in, named when it was not found. */
  searchPath?: string;
  lastLine?: string;
  /** The profile's restart policy; null when the profile was removed meanwhile. */
  restart: 'never' | 'on-failure' | null;
  restartState: RestartState;
  backoffScale: number;
  /** Set when the run died with EADDRINUSE in its output before it listened (the port was taken after the check). */
  addressInUse?: Readonly<{ port: number; holder: string | null; fixed: 'pinned' | 'strict' | null }>;
  /** Earlier port retries of this launch (each one an attempt in the allocation). */
  portRetries: number;
}>;

export const MAX_PORT_RETRIES = 3;
/** Exit codes of a shell that could not run the command (POSIX: 127 not found, 126 not executable). */
const NOT_FOUND = 127;
const NOT_EXECUTABLE = 126;
const QUICK_SHELL_EXIT_MS = 5_000;

export type ExitDecision =
  | Readonly<{ kind: 'failed'; message: string; notice?: string }>
  | Readonly<{ kind: 'stopped'; message: string }>
  | Readonly<{ kind: 'crashed'; message: string; notice?: string; next?: RestartState }>
  | Readonly<{ kind: 'restart'; message: string; delayMs: number; next: RestartState }>
  | Readonly<{ kind: 'retry-port'; message: string; port: number }>;

export function decideExit(f: ExitFacts): ExitDecision {
  if (f.origin !== 'child') {
    const why =
      f.origin === 'followed' ? 'its launching command had already exited' : 'it was started by an earlier Berth host';
    return { kind: 'crashed', message: `It exited (exit code unknown: ${why}).` };
  }
  if ((f.code === NOT_FOUND || f.code === NOT_EXECUTABLE) && f.signal === null && f.livedMs < QUICK_SHELL_EXIT_MS) {
    return f.code === NOT_FOUND
      ? {
          kind: 'failed',
          message:
            `Command not found: ${f.command.split(/\s/)[0]} (${f.lastLine ?? 'exit code 127'}).` +
            (f.searchPath !== undefined ? ` PATH was ${f.searchPath || '(empty)'}.` : ''),
        }
      : { kind: 'failed', message: `The command is not executable (${f.lastLine ?? 'exit code 126'}).` };
  }
  if (f.code === 0 && f.signal === null) return { kind: 'stopped', message: 'Exited with code 0.' };
  const how = f.signal ? `was killed by ${f.signal}` : `exited with code ${f.code ?? 'unknown'}`;
  const taken = f.addressInUse;
  if (taken) {
    const by = taken.holder ? `in use by ${taken.holder}` : 'in use';
    if (taken.fixed !== null) {
      const rule = taken.fixed === 'pinned' ? 'the profile pins it' : 'the port policy is strict';
      const message = `Port ${taken.port} is ${by} (EADDRINUSE); ${rule}, so Berth does not move it to another port.`;
      return { kind: 'failed', message, notice: message };
    }
    if (f.portRetries < MAX_PORT_RETRIES) {
      return {
        kind: 'retry-port',
        port: taken.port,
        message: `Port ${taken.port} was taken before it could listen (${by}); trying the next port.`,
      };
    }
    const message =
      `Port ${taken.port} is ${by} (EADDRINUSE) after ${MAX_PORT_RETRIES} other ports were tried; ` +
      'Berth stopped retrying.';
    return { kind: 'failed', message, notice: message };
  }
  if (f.restart === 'on-failure') {
    const d = decideRestart(f.restartState, f.livedMs, f.backoffScale);
    if (d.restart)
      return {
        kind: 'restart',
        delayMs: d.delayMs,
        next: d.next,
        message: `It ${how}; restarting in ${formatSeconds(d.delayMs)} s.`,
      };
    return {
      kind: 'crashed',
      next: d.next,
      message: `It ${how}; ${d.reason}.`,
      notice: `It ${how} and Berth gave up restarting it: ${d.reason}.`,
    };
  }
  return { kind: 'crashed', message: `It ${how}.` };
}

function formatSeconds(ms: number): string {
  const s = ms / 1000;
  return Number.isInteger(s) ? String(s) : s.toFixed(s < 1 ? 2 : 1);
}
