import { INSTANCE_ENV, PROFILE_ENV } from '../processes/markers.js';
import { listPids, readEnvironVars, readProcStat } from '../processes/linux-proc.js';
import { entryFromStat, type ProcessEntry } from '../processes/process-table.js';
import { HOME_ID_ENV } from './child-env.js';

export type MarkedLaunch = Readonly<{ id: string; profile: string; processes: readonly ProcessEntry[] }>;

/**
 * Live processes that carry the marker of an instance launched for this data dir, grouped by
 * instance id: how a host finds its servers when instances.json is lost or unreadable (issue 8 §4).
 *
 * Linux only: /proc/<pid>/environ is the environment a process started with, readable for the
 * user's own processes. macOS and Windows expose another process's environment only to a debugger
 * (sysctl KERN_PROCARGS2 needs the same user and is not stable across releases; Windows needs
 * reading the PEB), so there Berth relies on its records alone, and a lost instances.json means the
 * servers it launched before are shown as the user's own processes until they are stopped.
 */
export function findMarkedLaunches(homeId: string, only?: Readonly<{ profile?: string }>): Map<string, MarkedLaunch> {
  const out = new Map<string, { id: string; profile: string; processes: ProcessEntry[] }>();
  if (process.platform !== 'linux') return out;
  for (const pid of listPids()) {
    if (pid === process.pid) continue;
    const env = readEnvironVars(pid, [INSTANCE_ENV, PROFILE_ENV, HOME_ID_ENV]);
    const id = env?.[INSTANCE_ENV];
    if (!env || id === undefined || env[HOME_ID_ENV] !== homeId) continue;
    const profile = env[PROFILE_ENV] ?? id.replace(/-[0-9a-f]{6}$/, '');
    if (only?.profile !== undefined && profile !== only.profile) continue;
    const st = readProcStat(pid);
    if (!st || st.state === 'Z' || st.state === 'X') continue;
    const entry = entryFromStat(pid, st);
    const launch = out.get(id) ?? { id, profile, processes: [] };
    launch.processes.push(entry);
    out.set(id, launch);
  }
  return out;
}
