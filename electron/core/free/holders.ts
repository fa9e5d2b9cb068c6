import type { HolderClass, ListenerView } from '../../contract/views.js';
import type { Profile } from '../../contract/profile.js';
import type { Listener } from '../ports/types.js';
import { toPublicListener } from '../ports/types.js';
import { readCgroup, readCwd, readEnvironVars, readProcUid } from '../processes/linux-proc.js';
import { currentUid, currentUserName } from '../processes/users.js';
import { listProcesses, type ProcessTable } from '../processes/process-table.js';
import { INSTANCE_ENV, PROFILE_ENV } from '../processes/markers.js';

/**
 * System services and container proxies: Berth refuses to stop them unless told to (README "Who holds
 * a port"). Names as the OS reports them (Linux truncates comm to 15 characters).
 */
export const SYSTEM_PROCESSES: Readonly<Record<string, string>> = {
  launchd: 'macOS service manager',
  systemd: 'systemd',
  'systemd-resolve': 'systemd service',
  'systemd-resolved': 'systemd service',
  svchost: 'Windows service host',
  'svchost.exe': 'Windows service host',
  System: 'Windows kernel',
  ControlCenter: 'macOS AirPlay receiver',
  AirPlayXPCHelper: 'macOS AirPlay receiver',
  rapportd: 'macOS service',
  'docker-proxy': 'container proxy',
  'com.docker.backend': 'container proxy',
  'com.docker.back': 'container proxy',
  'wslrelay.exe': 'WSL port relay',
  wslrelay: 'WSL port relay',
};

/** What the engine knows of its own instances, enough to recognise their processes. */
export type InstanceRef = Readonly<{
  id: string;
  profile: string;
  pid: number | null;
  pgid: number | null;
  active: boolean;
}>;
export type ClassifyContext = Readonly<{
  instances: readonly InstanceRef[];
  profiles: readonly Profile[];
  /** Without a host (the CLI's port engine) a process carrying an instance marker counts as that instance. */
  trustMarkers?: boolean;
}>;

type ProcFacts = Readonly<{
  startKey: string;
  uid: number | null;
  marker: string | null;
  markerProfile: string | null;
  system: string | null;
  cwd: string | null;
}>;

export type HolderClassifier = Readonly<{
  classify(listeners: readonly Listener[], ctx: ClassifyContext): Promise<ListenerView[]>;
}>;

/**
 * Classes each listener's holder: Berth's instance, an orphan of a profile, the user's, another
 * user's, a system service, or unknown. Facts read from /proc are cached by (pid, start time).
 */
export function createHolderClassifier(): HolderClassifier {
  const facts = new Map<number, ProcFacts>();
  const myUid = currentUid();
  const myName = currentUserName();
  // A listener object never changes, and its class depends only on facts cached for good and on the
  // context: while the context is the same, an unchanged listener keeps its view (same object), so a
  // poll that added one listener classes one, and faces can reuse what they built from the others.
  let views = new WeakMap<Listener, ListenerView>();
  let viewsFor = '';

  function contextKey(ctx: ClassifyContext): string {
    const live = ctx.instances.filter((i) => i.active && i.pid !== null).map((i) => [i.id, i.profile, i.pid, i.pgid]);
    return JSON.stringify([live, ctx.profiles, ctx.trustMarkers === true]);
  }

  function factsFor(l: Listener): ProcFacts {
    const owner = l.holders[0]!;
    const cached = facts.get(owner.pid);
    if (cached && cached.startKey === owner.startKey) return cached;
    const linux = process.platform === 'linux';
    const env = linux ? readEnvironVars(owner.pid, [INSTANCE_ENV, PROFILE_ENV]) : null;
    const cgroup = linux ? readCgroup(owner.pid) : null;
    const named = SYSTEM_PROCESSES[owner.process] ?? (owner.process.startsWith('systemd-') ? 'systemd service' : null);
    const f: ProcFacts = {
      startKey: owner.startKey,
      uid: linux ? readProcUid(owner.pid) : null,
      marker: env?.[INSTANCE_ENV] ?? null,
      markerProfile: env?.[PROFILE_ENV] ?? null,
      // Services systemd runs live in system.slice (systemd.special(7)); user sessions in user.slice.
      system:
        named ?? (cgroup !== null && /(^|\n)\d+:[^:\n]*:\/system\.slice\//.test(cgroup) ? 'systemd service' : null),
      cwd: linux ? readCwd(owner.pid) : null,
    };
    facts.set(owner.pid, f);
    return f;
  }

  /** One listener's view; `table` is read at most once per classify call, and only when needed. */
  async function viewOf(
    l: Listener,
    ctx: ClassifyContext,
    live: readonly InstanceRef[],
    table: () => Promise<ProcessTable>,
  ): Promise<ListenerView> {
    const base = toPublicListener(l);
    if (l.pid === null || l.holders.length === 0) {
      const other = l.user !== null && l.user !== myName;
      return { ...base, holder: other ? 'other-user' : 'unknown' };
    }
    const f = factsFor(l);
    let inst = live.find((i) => f.marker === i.id);
    if (!inst && live.length > 0) {
      const t = await table();
      inst = live.find((i) => l.holders.some((h) => inTree(t, h.pid, i)));
    }
    if (inst) return { ...base, holder: 'instance', profile: inst.profile, instance: inst.id };
    if (ctx.trustMarkers && f.marker !== null) {
      return {
        ...base,
        holder: 'instance',
        instance: f.marker,
        ...(f.markerProfile !== null ? { profile: f.markerProfile } : {}),
      };
    }
    const orphanOf = orphanProfile(l, f, ctx);
    if (orphanOf !== null) return { ...base, holder: 'orphan', profile: orphanOf };
    if (f.system !== null) return { ...base, holder: 'system', system: f.system };
    const cls: HolderClass = isOtherUser(l, f, myUid, myName) ? 'other-user' : 'user';
    return { ...base, holder: cls };
  }

  return {
    async classify(listeners, ctx) {
      const key = contextKey(ctx);
      if (key !== viewsFor) {
        views = new WeakMap();
        viewsFor = key;
      }
      const live = ctx.instances.filter((i) => i.active && i.pid !== null);
      let table: Promise<ProcessTable> | null = null;
      const readTable = (): Promise<ProcessTable> => (table ??= listProcesses());
      const pids = new Set<number>();
      const out: ListenerView[] = [];
      for (const l of listeners) {
        for (const h of l.holders) pids.add(h.pid);
        let view = views.get(l);
        if (view === undefined) {
          view = await viewOf(l, ctx, live, readTable);
          views.set(l, view);
        }
        out.push(view);
      }
      for (const pid of facts.keys()) if (!pids.has(pid)) facts.delete(pid);
      return out;
    },
  };
}

function isOtherUser(l: Listener, f: ProcFacts, myUid: number | null, myName: string): boolean {
  if (f.uid !== null && myUid !== null) return f.uid !== myUid;
  return l.user !== null && l.user !== myName;
}

/** The leader, a member of its recorded process group, or a descendant of the leader. */
function inTree(table: ProcessTable, pid: number, inst: InstanceRef): boolean {
  const e = table.get(pid);
  if (!e) return false;
  if (inst.pgid !== null && e.pgid === inst.pgid) return true;
  for (let cur: number | undefined = pid, hops = 0; cur !== undefined && cur > 1 && hops < 64; hops++) {
    if (cur === inst.pid) return true;
    cur = table.get(cur)?.ppid;
  }
  return false;
}

/**
 * A process that carries a Berth profile's marker but no live instance owns it (left by a crashed
 * host), or one run in a profile's folder with the profile's command.
 */
function orphanProfile(l: Listener, f: ProcFacts, ctx: ClassifyContext): string | null {
  if (f.markerProfile !== null && ctx.profiles.some((p) => p.name === f.markerProfile)) return f.markerProfile;
  if (f.cwd === null) return null;
  const command = l.command ?? '';
  for (const p of ctx.profiles) {
    if (p.cwd !== f.cwd) continue;
    const words = p.command.split(/\s+/).filter((w) => w.length > 2 && !w.startsWith('-'));
    if (words.length > 0 && words.every((w) => command.includes(w))) return p.name;
  }
  return null;
}
