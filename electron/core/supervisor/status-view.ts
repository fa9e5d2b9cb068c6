import { isLive, type Instance } from './types.js';

/**
 * What `status` lists: every live instance, and every crashed or failed one until the user sees it
 * dealt with, that is until its profile is started again (a later instance) or it is dismissed
 * (instances.dismiss). A stopped instance was the user's own doing and is not listed.
 */
export function statusView(all: readonly Instance[]): Instance[] {
  return all.filter((i) => {
    if (isLive(i)) return true;
    if ((i.status !== 'crashed' && i.status !== 'failed') || i.dismissed) return false;
    return !all.some((o) => o !== i && o.profile === i.profile && o.startedAt > i.startedAt);
  });
}
