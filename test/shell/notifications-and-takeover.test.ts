import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { createNotifier } from '../../electron/shell/notifications.js';
import { linkHost } from '../../electron/shell/host-link.js';
import { startHost } from '../../electron/host/host.js';
import { createElectronStandIn } from '../helpers/electron-stand-in.js';
import { makeTempDir } from '../helpers/temp.js';
import { waitFor } from '../helpers/processes.js';
import { describeEvent } from '../../electron/core/notify/decide.js';

const n = describeEvent({ kind: 'port-taken', port: 8000, holder: { pid: 1, process: 'python3', command: null } });

test('Notification.isSupported() false: nothing is constructed, show says false, nothing throws', () => {
  const standIn = createElectronStandIn({ notificationsSupported: false });
  const notifier = createNotifier(standIn.electron, { platform: 'linux', onClick: () => {}, onAction: () => {} });
  assert.equal(notifier.show(n), false);
  assert.equal(notifier.showMessage('t', 'b'), false);
  assert.equal(standIn.notifications.length, 0);
});

test('buttons on macOS and Windows (not "Show": that is the click); a click and a button reach the shell', () => {
  const standIn = createElectronStandIn();
  const seen: string[] = [];
  const notifier = createNotifier(standIn.electron, {
    platform: 'darwin',
    onClick: (x) => seen.push(`click ${x.key}`),
    onAction: (_x, a) => seen.push(`action ${a.id}`),
  });
  assert.equal(notifier.show(n), true);
  const note = standIn.notifications[0]!;
  assert.deepEqual(note.options.actions, [{ type: 'button', text: 'Free 8000' }]);
  note.emit('click');
  note.emit('action', {}, 0);
  assert.deepEqual(seen, ['click port:8000', 'action free']);
  createNotifier(standIn.electron, { platform: 'linux', onClick: () => {}, onAction: () => {} }).show(n);
  assert.deepEqual(standIn.notifications[1]!.options.actions, []);
});

test('a shell attaches to a running host and takes over as host when it goes away', { timeout: 30_000 }, async (t) => {
  const tmp = makeTempDir();
  const dataDir = join(tmp.dir, 'home');
  const first = await startHost({ dataDir });
  assert.ok(first.ok);
  const link = await linkHost(dataDir);
  t.after(async () => {
    await link.close({ closeHost: true, stopInstances: false });
    tmp.remove();
  });
  assert.equal(link.hosting(), false);
  const revs: number[] = [];
  link.transport.subscribe('state', (s) => revs.push(s.rev));
  await waitFor(() => revs.length > 0);
  assert.equal((await link.api['settings.save']({ settings: { watchedPorts: [8000] } })).ok, true);

  await first.host.close({ stopInstances: false });
  await waitFor(() => link.hosting(), 15_000);
  const settings = await link.api['settings.get']({});
  assert.deepEqual(settings.ok && settings.value.watchedPorts, [8000], 'the new host reads the same data dir');
  const before = revs.length;
  await link.api['settings.save']({ settings: { watchedPorts: [8001] } });
  await waitFor(() => revs.length > before, 5000);
});
