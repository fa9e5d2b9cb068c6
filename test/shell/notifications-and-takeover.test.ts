import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createDesktopNotifications } from '../../electron/shell/notifications.js';
import { linkHost } from '../../electron/shell/host-link.js';
import { startHost } from '../../electron/host/host.js';
import { connectControl } from '../../electron/host/control-client.js';
import { controlSocketPath } from '../../electron/host/socket-path.js';
import { createElectronStandIn } from '../helpers/electron-stand-in.js';
import { makeTempDir } from '../helpers/temp.js';
import { createProcessTracker, fixture, waitFor } from '../helpers/processes.js';
import { findFreeBlock } from '../helpers/ports.js';
import { describeEvent } from '../../electron/core/notify/decide.js';
import { startShell } from './run-shell.js';

const n = describeEvent({ kind: 'port-taken', port: 8000, holder: { pid: 1, process: 'python3', command: null } });

test('Notification.isSupported() false: nothing is constructed, show says false, nothing throws', () => {
  const standIn = createElectronStandIn({ notificationsSupported: false });
  const notifier = createDesktopNotifications(standIn.electron, {
    platform: 'linux',
    onClick: () => {},
    onAction: () => {},
  });
  assert.equal(notifier.show(n), false);
  assert.equal(notifier.showMessage('t', 'b'), false);
  assert.equal(standIn.notifications.length, 0);
});

test('buttons on macOS and Windows (not "Show": that is the click); a click and a button reach the shell', () => {
  const standIn = createElectronStandIn();
  const seen: string[] = [];
  const notifier = createDesktopNotifications(standIn.electron, {
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
  createDesktopNotifications(standIn.electron, { platform: 'linux', onClick: () => {}, onAction: () => {} }).show(n);
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
  // Attached: only this shell's own commands are reported (the other host notifies or logs the rest).
  const reported: string[] = [];
  link.onCommand((name) => reported.push(name));
  await waitFor(() => revs.length > 0);
  assert.equal((await link.api['settings.save']({ settings: { watchedPorts: [8000] } })).ok, true);
  const cli = await connectControl(controlSocketPath(dataDir));
  assert.equal((await cli.transport.call('ports.list', {})).ok, true);
  cli.close();
  assert.deepEqual(reported, ['settings.save']);

  await first.host.close({ stopInstances: false });
  await waitFor(() => link.hosting(), 15_000);
  const settings = await link.api['settings.get']({});
  assert.deepEqual(settings.ok && settings.value.watchedPorts, [8000], 'the new host reads the same data dir');
  const before = revs.length;
  await link.api['settings.save']({ settings: { watchedPorts: [8001] } });
  await waitFor(() => revs.length > before, 5000);
  // Hosting: the engine reports every face's commands, this shell's once.
  const next = await connectControl(controlSocketPath(dataDir));
  assert.equal((await next.transport.call('ports.list', {})).ok, true);
  next.close();
  assert.deepEqual(reported, ['settings.save', 'settings.get', 'settings.save', 'ports.list']);
});

test(
  "hosting: a strict launch refused through the engine by another face notifies once; so does the shell's own",
  { timeout: 60_000 },
  async (t) => {
    const tmp = makeTempDir();
    const procs = createProcessTracker();
    const home = join(tmp.dir, 'home');
    const { standIn, shell, lines } = await startShell(tmp.dir);
    const client = await connectControl(controlSocketPath(home));
    t.after(async () => {
      client.close();
      await shell.quit();
      await procs.cleanup();
      tmp.remove();
    });
    assert.equal(shell.link.hosting(), true);
    const reported: string[] = [];
    shell.link.onCommand((name, request) => {
      if (name === 'instances.start') reported.push((request as { target: string }).target);
    });

    const [pa, pb] = await findFreeBlock(2, 47350);
    for (const port of [pa!, pb!]) await procs.startServer({ env: { PORT: String(port) } });
    mkdirSync(join(tmp.dir, 'srv'));
    for (const [name, port] of [
      ['api', pa],
      ['db', pb],
    ] as const) {
      const profile = {
        name,
        command: `"${process.execPath}" "${fixture('server')}"`,
        cwd: join(tmp.dir, 'srv'),
        ports: [{ name: 'PORT', preferred: port }],
        policy: 'strict',
      };
      assert.equal((await shell.actions.call('profiles.save', { profile })).ok, true);
    }
    await waitFor(() => shell.actions.latest()?.profiles.length === 2);
    const titles = () => standIn.notifications.map((n) => n.options.title);

    // Another face (a CLI on the control socket): the engine's dispatcher reports it to the hosting shell.
    const other = await client.transport.call('instances.start', { target: 'api' });
    assert.equal(!other.ok && other.error.code, 'busy');
    await waitFor(() => titles().includes('api did not start'));
    assert.match(standIn.notifications[0]!.options.body, new RegExp(`Port ${pa} is in use by node`));

    // The shell's own call goes through the same dispatcher: reported once. Inside the burst window it is
    // held, then shown on its own when the window ends.
    const own = await shell.actions.call('instances.start', { target: 'db' });
    assert.equal(!own.ok && own.error.code, 'busy');
    await waitFor(() => titles().includes('db did not start'), 10_000);
    await new Promise((r) => setTimeout(r, 500));
    assert.deepEqual(titles(), ['api did not start', 'db did not start']);
    assert.deepEqual(reported, ['api', 'db']);
    assert.equal(lines.filter((l) => l.startsWith('notify: ')).length, 2);
  },
);
