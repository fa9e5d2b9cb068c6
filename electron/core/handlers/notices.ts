import type { Handlers } from '../../contract/api.js';
import { fail, ok } from '../../contract/result.js';
import type { NoticeStore } from '../state/notices.js';

/** notices.* — list and dismiss; the store persists and reports its changes. */
export function createNoticeHandlers(notices: NoticeStore): Pick<Handlers, 'notices.list' | 'notices.dismiss'> {
  return {
    'notices.list': async () => ok({ notices: notices.list() }),
    'notices.dismiss': async ({ id, all }) => {
      if (all) return ok({ dismissed: notices.dismiss('all') });
      const dismissed = notices.dismiss([id!]);
      return dismissed.length > 0 ? ok({ dismissed }) : fail('not-found', `No notice ${id}.`, 'See berth notices.');
    },
  };
}
