import type { InstanceView } from '../../contract/views.js';

export { isActive, ACTIVE_STATUSES, type InstanceStatus } from '../../contract/views.js';

/**
 * What Berth knows of one launch of a profile; persisted in instances.json (see records.ts). Faces get
 * the InstanceView (toInstanceView): the process group and identity stamp stay inside the engine.
 */
export type Instance = InstanceView &
  Readonly<{
    pgid: number | null;
    /** Identity stamp of the leader (pid + start time), checked before any signal and at adoption. */
    startKey: string | null;
  }>;

export function toInstanceView(i: Instance): InstanceView {
  const { pgid: _pgid, startKey: _startKey, ...view } = i;
  return view;
}
