import { readProcStat, startKeyFromTicks } from './linux-proc.js';
import { getProcessInfo } from './process-table.js';

/**
 * A process is (pid, start stamp): a pid alone can be reused by an unrelated process. The stamp is
 * captured when a process is listed and re-checked immediately before every signal.
 */
export type ProcessIdentity = Readonly<{ pid: number; startKey: string }>;
export type IdentityState = 'same' | 'gone' | 'changed';

/** Synchronous on Linux (two small reads from /proc), so the check sits right next to the kill(2). */
export function checkIdentitySync(id: ProcessIdentity): IdentityState | null {
  if (process.platform !== 'linux') return null;
  const st = readProcStat(id.pid);
  // A zombie has exited; only its parent's wait() is missing. It holds no sockets.
  if (st === null || st.state === 'Z' || st.state === 'X') return 'gone';
  return startKeyFromTicks(st.startTicks) === id.startKey ? 'same' : 'changed';
}

export async function checkIdentity(id: ProcessIdentity): Promise<IdentityState> {
  const fast = checkIdentitySync(id);
  if (fast !== null) return fast;
  const info = await getProcessInfo(id.pid);
  if (info === null) return 'gone';
  return info.startKey === id.startKey ? 'same' : 'changed';
}

export type SignalOutcome = 'sent' | 'gone' | 'changed' | 'denied';

/** Sends `signal` only if the process is still the one that was listed. */
export async function signalVerified(id: ProcessIdentity, signal: NodeJS.Signals): Promise<SignalOutcome> {
  const state = await checkIdentity(id);
  if (state !== 'same') return state;
  try {
    process.kill(id.pid, signal);
    return 'sent';
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ESRCH') return 'gone';
    if (code === 'EPERM') return 'denied';
    throw err;
  }
}
