import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createDispatcher } from '../../electron/contract/api.js';
import { ok } from '../../electron/contract/result.js';
import { createCommandHub } from '../../electron/core/command-hub.js';

test('each dispatched command reaches the listeners with its Result; a throwing one changes nothing', async () => {
  const hub = createCommandHub(
    createDispatcher({
      'state.get': async () => {
        throw new Error('boom');
      },
      'notices.list': async () => ok({ notices: [] }),
    }),
  );
  const seen: string[] = [];
  hub.onCommand(() => {
    throw new Error('a broken listener');
  });
  const off = hub.onCommand((name, request, result) =>
    seen.push(`${name} ${JSON.stringify(request)} ${result.ok ? 'ok' : result.error.code}`),
  );
  assert.deepEqual(await hub.dispatch('notices.list', {}), ok({ notices: [] }));
  assert.deepEqual(await hub.dispatch('state.get', {}), {
    ok: false,
    error: { code: 'failed', message: 'boom' },
  });
  assert.equal((await hub.dispatch('notices.list', { extra: 1 })).ok, false);
  assert.equal((await hub.dispatch('no.such', {})).ok, false);
  assert.deepEqual(seen, ['notices.list {} ok', 'state.get {} failed', 'notices.list {"extra":1} bad-input']);
  off();
  await hub.dispatch('notices.list', {});
  assert.equal(seen.length, 3);
});
