import type { InstanceView } from '../../contract/views.js';
import type { ProcessIdentity } from '../processes/identity.js';

export { isActive, ACTIVE_STATUSES, type InstanceStatus } from '../../contract/views.js';

/**
 * What Berth knows of one launch of a profile; persisted in instances.json (see records.ts). Faces get
 * the InstanceView (toInstanceView): the process group and identity stamps stay inside the engine.
 */
export type Instance = InstanceView &
  Readonly<{
    pgid: number | null;
    /** Identity stamp of the leader (pid + start time), checked before any signal and at adoption. */
    startKey: string | null;
    /**
     * Identities of the instance's other processes, recorded while a recorded process was verified
     * alive (anchors.ts). Only these, the leader and their descendants are ever signalled or followed.
     */
    members: readonly ProcessIdentity[];
    /** Other profiles' ports this launch named (`{api.API_PORT}`), resolved at launch and kept for its restarts. */
    refs?: Readonly<Record<string, number>>;
    /** Hidden from `status` (instances.dismiss); still in `status --all`. */
    dismissed?: boolean;
  }>;

export function toInstanceView(i: Instance): InstanceView {
  const { pgid: _pgid, startKey: _startKey, members: _members, refs: _refs, dismissed: _dismissed, ...view } = i;
  return view;
}

/** Live in the supervisor: running, starting, stopping, or waiting for a restart (backoff). */
export function isLive(i: Pick<InstanceView, 'status' | 'nextRestartAt'>): boolean {
  return ACTIVE.includes(i.status) || i.nextRestartAt !== null;
}
const ACTIVE: readonly InstanceView['status'][] = ['starting', 'ready', 'not listening', 'stopping'];

/** A new instance record with nothing known yet: the launch or the adoption fills in what it knows. */
export function newInstance(id: string, profile: string): Instance {
  return {
    id,
    profile,
    status: 'starting',
    pid: null,
    pgid: null,
    startKey: null,
    members: [],
    ports: {},
    actualPorts: [],
    allocation: [],
    url: null,
    logFile: '',
    command: '',
    cwd: '',
    startedAt: 0,
    endedAt: null,
    exitCode: null,
    signal: null,
    restarts: 0,
    nextRestartAt: null,
    warnings: [],
    message: null,
    lastLines: [],
  };
}
