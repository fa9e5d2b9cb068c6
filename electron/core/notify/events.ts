import type { CommandName } from '../../contract/commands.js';
import type { Result } from '../../contract/result.js';
import {
  isActive,
  type FreePortResult,
  type HolderRef,
  type InstanceView,
  type ListenerView,
  type Snapshot,
} from '../../contract/views.js';

/**
 * What happened in the engine that a user may want to hear about at once (issue 12 §3). Derived from two
 * snapshots (works the same in a hosting shell, an attached shell and `berth serve`), or from the
 * result of a command a face ran (a strict launch that failed, a respawn seen while freeing).
 */
export type EngineEvent =
  | Readonly<{
      kind: 'launch-fell-back';
      profile: string;
      instance: string;
      preferred: number;
      assigned: number;
      heldBy: readonly HolderRef[];
    }>
  | Readonly<{ kind: 'launch-conflict'; profile: string; port: number | null; message: string }>
  | Readonly<{ kind: 'port-taken'; port: number; holder: HolderRef }>
  | Readonly<{
      kind: 'instance-crashed';
      profile: string;
      instance: string;
      port: number | null;
      message: string;
      restarting: boolean;
    }>
  | Readonly<{ kind: 'instance-gave-up'; profile: string; instance: string; port: number | null; message: string }>
  | Readonly<{ kind: 'port-respawned'; port: number; holder: HolderRef; parent: HolderRef }>;

export type EngineEventKind = EngineEvent['kind'];

const ref = (l: Pick<ListenerView, 'pid' | 'process' | 'command'>): HolderRef => ({
  pid: l.pid,
  process: l.process,
  command: l.command,
});

/** The first assigned port of an instance (the one its URL and the tray show). */
export function firstPort(i: Pick<InstanceView, 'ports'>): number | null {
  const values = Object.values(i.ports);
  return values.length > 0 ? values[0]! : null;
}

/** Which watched ports another process (not one of Berth's instances) listens on, with the first holder. */
function watchedHolders(s: Snapshot): Map<number, HolderRef> {
  const held = new Map<number, HolderRef>();
  for (const port of s.settings.watchedPorts) {
    const l = s.listeners.find((x) => x.port === port && x.holder !== 'instance' && x.holder !== 'orphan');
    if (l) held.set(port, ref(l));
  }
  return held;
}

/**
 * PIDs of the profile's other running instances: listeners classed `instance` of that profile (a server
 * started through a shell listens from a child) and the instances' own PIDs.
 */
function ownPids(i: InstanceView, snapshots: readonly Snapshot[]): Set<number> {
  const own = new Set<number>();
  for (const s of snapshots) {
    for (const l of s.listeners)
      if (l.pid !== null && l.holder === 'instance' && l.profile === i.profile && l.instance !== i.id) own.add(l.pid);
    for (const x of s.instances)
      if (x.profile === i.profile && x.id !== i.id && x.pid !== null && isActive(x)) own.add(x.pid);
  }
  return own;
}

function crashEvent(i: InstanceView, s: Snapshot): EngineEvent {
  const port = firstPort(i);
  const message = i.message ?? 'It exited.';
  if (i.nextRestartAt !== null)
    return { kind: 'instance-crashed', profile: i.profile, instance: i.id, port, message, restarting: true };
  const profile = s.profiles.find((p) => p.name === i.profile);
  // With restart on-failure, a crash that schedules no restart means the restart policy gave up.
  if (profile?.restart === 'on-failure')
    return { kind: 'instance-gave-up', profile: i.profile, instance: i.id, port, message };
  return { kind: 'instance-crashed', profile: i.profile, instance: i.id, port, message, restarting: false };
}

/**
 * The events between two snapshots. The first snapshot (prev null) and the first scan (takenAt 0) raise
 * nothing: what was already true when Berth started is in the window and the notices, not a surprise.
 */
export function deriveEngineEvents(prev: Snapshot | null, next: Snapshot): EngineEvent[] {
  if (prev === null) return [];
  const events: EngineEvent[] = [];
  const before = new Map(prev.instances.map((i) => [i.id, i]));
  for (const i of next.instances) {
    const was = before.get(i.id);
    if (was === undefined) {
      for (const a of i.allocation) {
        if (a.assigned === a.preferred || a.source === 'override' || a.heldBy === null) continue;
        // `berth start web --new` while web runs: the profile's own instance holds the port, which is no
        // conflict to announce (and "Free and restart" would stop that instance). The supervisor marks such
        // holders (instance, profile); the listeners and instances in the snapshots cover unmarked ones.
        const own = ownPids(i, [prev, next]);
        const heldBy = a.heldBy.filter(
          (h) => !(h.instance !== undefined && h.profile === i.profile) && (h.pid === null || !own.has(h.pid)),
        );
        if (a.heldBy.length > 0 && heldBy.length === 0) continue;
        events.push({
          kind: 'launch-fell-back',
          profile: i.profile,
          instance: i.id,
          preferred: a.preferred,
          assigned: a.assigned,
          heldBy,
        });
      }
    }
    const crashedNow =
      i.status === 'crashed' && (was === undefined || was.status !== 'crashed' || was.endedAt !== i.endedAt);
    if (crashedNow) events.push(crashEvent(i, next));
  }
  if (prev.scan.takenAt > 0) {
    const held = watchedHolders(prev);
    for (const [port, holder] of watchedHolders(next)) {
      const was = held.get(port);
      if (was === undefined || was.pid !== holder.pid) events.push({ kind: 'port-taken', port, holder });
    }
  }
  return events;
}

/** Events a command's result carries: a strict launch refused on a busy port, a port taken again while freeing it. */
export function deriveCommandEvents(
  name: CommandName,
  request: unknown,
  result: Result<unknown>,
  snapshot: Snapshot | null,
): EngineEvent[] {
  const req = (typeof request === 'object' && request !== null ? request : {}) as Record<string, unknown>;
  if (name === 'instances.start' && !result.ok && result.error.code === 'busy') {
    const target = typeof req.target === 'string' ? req.target : '?';
    const profile = snapshot?.profiles.find((p) => p.name === target);
    const spec = profile?.ports[0];
    const port = typeof req.port === 'number' ? req.port : (spec?.sticky ?? spec?.preferred ?? null);
    return [{ kind: 'launch-conflict', profile: target, port, message: result.error.message }];
  }
  if (name === 'ports.free' && result.ok) {
    const r = result.value as FreePortResult;
    if (r.respawned) {
      const { parent, ...holder } = r.respawned;
      return [{ kind: 'port-respawned', port: r.port, holder: ref(holder), parent: ref(parent) }];
    }
  }
  return [];
}
