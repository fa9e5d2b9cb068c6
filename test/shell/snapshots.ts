import { DEFAULT_SETTINGS, type Settings } from '../../electron/contract/settings.js';
import { Profile, type ProfileInput } from '../../electron/contract/profile.js';
import type { InstanceView, ListenerView, Notice, Snapshot } from '../../electron/contract/views.js';

/** Snapshot builders for the pure shell and notify tests: plain data shaped like the engine's views. */

export function listener(port: number, over: Partial<ListenerView> = {}): ListenerView {
  return {
    port,
    address: '127.0.0.1',
    family: 4,
    pid: 4120,
    process: 'python3',
    command: 'python3 -m http.server',
    user: 'me',
    startTime: 1,
    holder: 'user',
    ...over,
  };
}

export function instance(profile: string, port: number, over: Partial<InstanceView> = {}): InstanceView {
  return {
    id: `${profile}-1`,
    profile,
    status: 'ready',
    pid: 5000,
    ports: { PORT: port },
    actualPorts: [],
    url: `http://localhost:${port}`,
    allocation: [{ name: 'PORT', preferred: port, assigned: port, source: 'preferred', attempts: [], heldBy: null }],
    logFile: `/tmp/${profile}.log`,
    command: 'npm run dev',
    cwd: '/src',
    startedAt: 1000,
    endedAt: null,
    exitCode: null,
    signal: null,
    restarts: 0,
    nextRestartAt: null,
    warnings: [],
    message: null,
    lastLines: [],
    ...over,
  };
}

/** An instance pushed from `preferred` to `assigned` because python3 (PID 4120) held it. */
export function fellBack(
  profile: string,
  preferred: number,
  assigned: number,
  over: Partial<InstanceView> = {},
): InstanceView {
  return instance(profile, assigned, {
    allocation: [
      {
        name: 'PORT',
        preferred,
        assigned,
        source: 'preferred',
        attempts: [],
        heldBy: [{ pid: 4120, process: 'python3', command: 'python3 -m http.server' }],
      },
    ],
    ...over,
  });
}

export function profile(name: string, port: number, over: Partial<ProfileInput> = {}): Profile {
  return Profile.parse({
    name,
    command: 'npm run dev',
    cwd: '/src',
    ports: [{ name: 'PORT', preferred: port }],
    ...over,
  });
}

export function notice(id: string, text: string): Notice {
  return { id, level: 'warning', at: 1, text, kind: 'port-taken' };
}

export function snapshot(over: Partial<Omit<Snapshot, 'settings'>> & { settings?: Partial<Settings> } = {}): Snapshot {
  const { settings, ...rest } = over;
  return {
    rev: 1,
    listeners: [],
    scan: { source: 'netlink', takenAt: 1 },
    instances: [],
    profiles: [],
    notices: [],
    ...rest,
    settings: { ...DEFAULT_SETTINGS, ...settings },
  };
}
