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

  return {
    async classify(listeners, ctx) {
      const live = ctx.instances.filter((i) => i.active && i.pid !== null);
      let table: ProcessTable | null = null;
      const pids = new Set<number>();
      const out: ListenerView[] = [];
      for (const l of listeners) {
        const base = toPublicListener(l);
        if (l.pid === null || l.holders.length === 0) {
          const other = l.user !== null && l.user !== myName;
          out.push({ ...base, holder: other ? 'other-user' : 'unknown' });
          continue;
        }
        for (const h of l.holders) pids.add(h.pid);
        const f = factsFor(l);
        let inst = live.find((i) => f.marker === i.id);
        if (!inst && live.length > 0) {
          table ??= await listProcesses();
          inst = live.find((i) => l.holders.some((h) => inTree(table!, h.pid, i)));
        }
        if (inst) {
          out.push({ ...base, holder: 'instance', profile: inst.profile, instance: inst.id });
          continue;
        }
        if (ctx.trustMarkers && f.marker !== null) {
          out.push({
            ...base,
            holder: 'instance',
            instance: f.marker,
            ...(f.markerProfile !== null ? { profile: f.markerProfile } : {}),
          });
          continue;
        }
        const orphanOf = orphanProfile(l, f, ctx);
        if (orphanOf !== null) {
          out.push({ ...base, holder: 'orphan', profile: orphanOf });
          continue;
        }
        if (f.system !== null) {
          out.push({ ...base, holder: 'system', system: f.system });
          continue;
        }
        const cls: HolderClass = isOtherUser(l, f, myUid, myName) ? 'other-user' : 'user';
        out.push({ ...base, holder: cls });
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
