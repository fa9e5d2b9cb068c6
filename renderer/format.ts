import type {
  HolderRef,
  InstanceStatus,
  InstanceView,
  ListenerView,
  PortAllocation,
} from '../electron/contract/views.js';

/** Words for every status: colour only repeats them (issue 11: never colour alone). */
export const statusWords: Readonly<Record<InstanceStatus, string>> = {
  starting: 'Starting',
  ready: 'Ready',
  'not listening': 'Not listening',
  stopping: 'Stopping',
  stopped: 'Stopped',
  crashed: 'Crashed',
  failed: 'Failed',
};

export function holderName(h: HolderRef | undefined): string {
  if (!h) return 'another process';
  if (h.instance !== undefined) return `${h.profile ?? 'a Berth'} instance ${h.instance}`;
  if (h.pid === null) return h.process ?? 'a process Berth cannot see';
  return `${h.process ?? 'a process'}, PID ${h.pid}`;
}

/** "3001: 3000 is held by python3, PID 4120" — only for a port that fell back; null otherwise. */
export function describeAllocation(a: PortAllocation): string | null {
  if (a.assigned === a.preferred) return null;
  const label = a.name === 'PORT' ? '' : `${a.name} `;
  if (a.heldBy && a.heldBy.length > 0)
    return `${label}${a.assigned}: ${a.preferred} is held by ${a.heldBy.map(holderName).join(' and ')}`;
  const tried = a.attempts.find((t) => t.port === a.preferred);
  if (tried?.outcome === 'reserved')
    return `${label}${a.assigned}: ${a.preferred} is reserved by another Berth instance`;
  if (tried?.detail) return `${label}${a.assigned}: ${a.preferred} ${tried.detail}`;
  if (a.source === 'sticky') return `${label}${a.assigned}: the port this profile got last time`;
  return `${label}${a.assigned}: ${a.preferred} was not free`;
}

/** The holder class in words, as the Ports view and the free dialog name it. */
export function holderText(l: ListenerView): string {
  switch (l.holder) {
    case 'instance':
      return `Berth instance of ${l.profile ?? 'a profile'}`;
    case 'orphan':
      return `Orphan of ${l.profile ?? 'a profile'}`;
    case 'other-user':
      return l.user ? `Another user's (${l.user})` : "Another user's";
    case 'system':
      return `System service${l.system ? ` (${l.system})` : ''}`;
    case 'unknown':
      return l.reason ? `Unknown: ${l.reason}` : 'Unknown';
    case 'user':
      return 'Yours';
  }
}

/** Why the engine would refuse to free this listener, or null when it would try. */
export function freeRefusal(l: ListenerView): string | null {
  if (l.holder === 'system') return `Berth does not stop system services${l.system ? ` (${l.system})` : ''}.`;
  if (l.holder === 'other-user') return `Held by another user${l.user ? ` (${l.user})` : ''}; Berth cannot stop it.`;
  if (l.holder === 'unknown' || l.pid === null)
    return `Berth cannot see who holds port ${l.port}${l.reason ? `: ${l.reason}` : ''}.`;
  return null;
}

export function processText(l: Pick<ListenerView, 'process' | 'pid'>): string {
  if (l.pid === null) return l.process ?? 'unknown process';
  return `${l.process ?? 'process'} (PID ${l.pid})`;
}

export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h ${m % 60} min`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}

/** The URL a port link opens: the instance's own URL for its main port, plain loopback otherwise. */
export function portUrl(i: Pick<InstanceView, 'url' | 'ports'>, name: string, port: number): string {
  if (i.url && (name === 'PORT' || Object.keys(i.ports).length === 1)) return i.url;
  return `http://localhost:${port}/`;
}

export function endedText(i: InstanceView): string | null {
  if (i.status !== 'crashed' && i.status !== 'failed' && i.status !== 'stopped') return null;
  const parts: string[] = [];
  if (i.exitCode !== null) parts.push(`exit code ${i.exitCode}`);
  if (i.signal) parts.push(`signal ${i.signal}`);
  const how = parts.length > 0 ? `Ended with ${parts.join(', ')}` : 'Ended';
  return i.message ? `${how}: ${i.message}` : `${how}.`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
