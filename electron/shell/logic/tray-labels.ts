import type { InstanceView, ListenerView } from '../../contract/views.js';

/** Texts the tray menu and tooltip share: who holds a port, why Berth will not stop it, an instance's line. */

/** "python3 (PID 4120)", "web (Berth)", "a process Berth cannot see"; two holders: "node (PID 1) and 1 more". */
export function describeListeners(holders: readonly ListenerView[]): string {
  const unique = [...new Map(holders.map((l) => [l.pid ?? -1, l])).values()];
  const first = unique[0]!;
  const one =
    first.holder === 'instance' && first.profile !== undefined
      ? `${first.profile} (Berth)`
      : first.pid === null
        ? 'a process Berth cannot see'
        : `${first.process ?? 'a process'} (PID ${first.pid})`;
  return unique.length === 1 ? one : `${one} and ${unique.length - 1} more`;
}

/** Why Berth will not stop these holders from the tray, or null when it may (ports.free decides again). */
export function refusalReason(holders: readonly ListenerView[]): string | null {
  for (const l of holders) {
    if (l.holder === 'system') return `${l.system ?? 'a system service'}; Berth does not stop it`;
    if (l.holder === 'other-user') return `another user's process; Berth may not stop it`;
    if (l.pid === null) return l.reason ?? 'Berth cannot see the process';
  }
  return null;
}

const STATUS_TEXT: Readonly<Record<InstanceView['status'], string>> = {
  starting: 'starting',
  ready: 'ready',
  'not listening': 'not listening',
  stopping: 'stopping',
  stopped: 'stopped',
  crashed: 'crashed',
  failed: 'failed',
};

/** "web :3001 ready" (the first assigned port; a profile without ports shows none). */
export function instanceLabel(i: InstanceView): string {
  const port = Object.values(i.ports)[0];
  return port !== undefined
    ? `${i.profile} :${port} ${STATUS_TEXT[i.status]}`
    : `${i.profile} ${STATUS_TEXT[i.status]}`;
}

/** The newest instance of each profile (by start time), in the order profiles first appear. */
export function latestPerProfile(instances: readonly InstanceView[]): InstanceView[] {
  const latest = new Map<string, InstanceView>();
  for (const i of instances) {
    const prev = latest.get(i.profile);
    if (prev === undefined || i.startedAt >= prev.startedAt) latest.set(i.profile, i);
  }
  return [...latest.values()].sort((a, b) => a.profile.localeCompare(b.profile));
}
