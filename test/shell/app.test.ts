import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunningShell } from '../../electron/shell/app.js';
import { checkBindable } from '../../electron/core/ports/free-check.js';
import { createProcessTracker, fixture, isAlive, waitFor } from '../helpers/processes.js';
import { findFreeBlock } from '../helpers/ports.js';
import { makeTempDir } from '../helpers/temp.js';
import type { Snapshot } from '../../electron/contract/views.js';
import { repoRoot } from '../helpers/shell-process.js';
import { startShell } from './run-shell.js';

const latest = (shell: RunningShell): Snapshot => shell.actions.latest()!;

test(
  'tray: start a profile from the menu, see it change, Stop it, Free a watched port; conflict notification on fallback',
  { timeout: 60_000 },
  async (t) => {
    const tmp = makeTempDir();
    const procs = createProcessTracker();
    const p1 = (await findFreeBlock(3, 47310))[0]!;
    const { standIn, shell } = await startShell(tmp.dir);
    t.after(async () => {
      await shell.quit();
      for (const i of latest(shell)?.instances ?? []) await procs.track(i.pid ?? undefined);
      await procs.cleanup();
      tmp.remove();
    });
    assert.ok(standIn.trays[0], 'a tray was created');
    await waitFor(() => standIn.menuLabels().includes('Show Berth'));

    // Someone else holds p1: the profile's launch falls back to the next port.
    const squatter = await procs.startServer({ env: { PORT: String(p1) } });
    mkdirSync(join(tmp.dir, 'web'));
    const saved = await shell.actions.call('profiles.save', {
      profile: {
        name: 'web',
        command: `"${process.execPath}" "${fixture('server')}"`,
        cwd: join(tmp.dir, 'web'),
        ports: [{ name: 'PORT', preferred: p1 }],
      },
    });
    assert.equal(saved.ok, true, JSON.stringify(saved));
    await waitFor(() => standIn.menuItem('profile:web:start')?.label === `Start web (:${p1})`);

    standIn.click('profile:web:start');
    const ready = await waitFor(() => standIn.menuLabels().find((l) => /^web :\d+ ready$/.test(l)), 20_000);
    const assigned = Number(ready!.split(/[: ]/)[2]);
    assert.notEqual(assigned, p1);
    const note = await waitFor(() =>
      standIn.notifications.find((n) => n.options.title === `web started on ${assigned}`),
    );
    assert.equal(note!.options.body, `${p1} is held by node (PID ${squatter.pid}).`);
    assert.ok(standIn.calls.some((c) => c.what === 'notification.show'));

    const inst = latest(shell).instances.find((i) => i.profile === 'web' && i.status === 'ready')!;
    await procs.track(inst.pid ?? undefined);
    standIn.click(`instance:${inst.id}:stop`);
    await waitFor(async () => !(await isAlive(inst.pid!)), 15_000);
    await waitFor(
      () =>
        standIn.menuItem('profile:web:start') !== undefined && !standIn.menuLabels().some((l) => l.startsWith('web :')),
    );
    assert.equal((await checkBindable(assigned)).ok, true, 'the stopped server released its port');

    // A watched port held by another process: "Free port N: node (PID …)" frees it.
    await shell.actions.call('settings.save', { settings: { watchedPorts: [p1] } });
    const label = `Free port ${p1}: node (PID ${squatter.pid})`;
    await waitFor(() => standIn.menuItem(`watched:${p1}`)?.label === label);
    standIn.click(`watched:${p1}`);
    await waitFor(async () => !(await isAlive(squatter.pid)), 15_000);
    await waitFor(() => standIn.menuItem(`watched:${p1}`)?.label === `Port ${p1} is free`);
    assert.equal((await checkBindable(p1)).ok, true);

    // The menu is set again only when its data changed.
    const sets = standIn.calls.filter((c) => c.what === 'tray.setContextMenu').length;
    await shell.actions.call('state.get', {});
    await new Promise((r) => setTimeout(r, 600));
    assert.equal(standIn.calls.filter((c) => c.what === 'tray.setContextMenu').length, sets);
  },
);

test(
  'IPC: a wrong sender is refused before the engine; the window is answered; bad payloads are refused',
  { timeout: 30_000 },
  async (t) => {
    const tmp = makeTempDir();
    const { standIn, shell, lines } = await startShell(tmp.dir, 'darwin');
    t.after(async () => {
      await shell.quit();
      tmp.remove();
    });
    const handler = standIn.ipcHandlers.get('berth:call')!;
    assert.equal(standIn.calls.filter((c) => c.what === 'ipcMain.handle').length, 1, 'one handler for every command');
    const wc = standIn.windows[0]!.webContents;
    const own = { sender: { id: wc.id, mainFrame: wc.mainFrame }, senderFrame: wc.mainFrame };
    const invoke = (event: unknown, ...args: unknown[]) =>
      handler(event, ...args) as Promise<{ ok: boolean; error?: { code: string; message: string }; value?: unknown }>;
    const profile = { name: 'api', command: 'true', cwd: tmp.dir };

    const evilFrame = { url: 'berth://app.evil/index.html' };
    for (const event of [
      { sender: { id: 999, mainFrame: wc.mainFrame }, senderFrame: wc.mainFrame },
      { sender: { id: wc.id, mainFrame: wc.mainFrame }, senderFrame: { url: 'berth://app/index.html' } },
      { sender: { id: wc.id, mainFrame: evilFrame }, senderFrame: evilFrame },
      { sender: { id: wc.id, mainFrame: wc.mainFrame }, senderFrame: null },
    ]) {
      const r = await invoke(event, 'profiles.save', { profile });
      assert.equal(r.ok, false);
      assert.equal(r.error!.code, 'refused');
    }
    assert.equal((await invoke(own, 'profiles.list', {})).ok, true);
    assert.deepEqual(
      (await invoke(own, 'profiles.list', {})).value,
      { profiles: [] },
      'the refused calls never reached the engine',
    );
    assert.ok(lines.some((l) => l.startsWith('Refused an IPC call from berth://app.evil/index.html')));

    const bad: unknown[][] = [
      ['instances.start', { target: 42 }],
      ['instances.start', { target: 'api', extra: true }],
      ['instances.start', JSON.parse('{"target":"api","__proto__":{"wait":false}}')],
      ['instances.start', { target: 'x'.repeat(1_000_000) }],
      ['profiles.save', 'not an object'],
      ['no.such.command', {}],
      ['profiles.save', { profile }, 'extra argument'],
    ];
    for (const args of bad) {
      const r = await invoke(own, ...args);
      assert.equal(r.ok, false, JSON.stringify(args).slice(0, 80));
      assert.equal(
        r.error!.code,
        'bad-input',
        `${JSON.stringify(args).slice(0, 80)}: ${r.error!.message.slice(0, 200)}`,
      );
    }
    const instances = (await invoke(own, 'instances.list', {})).value as { instances: unknown[] };
    assert.deepEqual(instances.instances, [], 'no refused start ran');
    assert.equal((await invoke(own, 'profiles.save', { profile })).ok, true);
  },
);

test(
  'window: berth:// page with the CSP, navigation and window.open denied, hidden on close; ' +
    'login item; Notification unsupported is fine',
  { timeout: 30_000 },
  async (t) => {
    const tmp = makeTempDir();
    const { standIn, shell } = await startShell(tmp.dir, 'linux');
    t.after(async () => {
      await shell.quit();
      tmp.remove();
    });
    const win = standIn.windows[0]!;
    assert.equal(win.webContents.mainFrame.url, 'berth://app/index.html');
    const handle = standIn.protocolHandlers.get('berth')!;
    if (existsSync(join(repoRoot, 'dist', 'renderer', 'index.html'))) {
      const page = await handle({ url: 'berth://app/index.html' });
      assert.equal(page.status, 200);
      assert.match(page.headers.get('content-security-policy')!, /default-src 'none'/);
    }
    for (const url of [
      'berth://app/../../package.json',
      'berth://app/%2e%2e/%2e%2e/package.json',
      'berth://other/index.html',
    ]) {
      assert.equal((await handle({ url })).status, 404, url);
    }
    let prevented = false;
    win.webContents.emit('will-navigate', { preventDefault: () => (prevented = true) }, 'https://example.com/');
    assert.equal(prevented, true);
    assert.deepEqual(win.webContents.openHandler!({ url: 'https://example.com/' }), { action: 'deny' });
    assert.ok(!standIn.calls.some((c) => c.what === 'shell.openExternal'));
    win.emit('close', { preventDefault: () => win.hide() });
    assert.equal(win.isVisible(), false, 'closing hides while a tray exists');

    standIn.click('start-at-login');
    const entry = join(tmp.dir, 'config', 'autostart', 'berth.desktop');
    await waitFor(() => existsSync(entry));
    assert.match(readFileSync(entry, 'utf8'), /--hidden/);
    await waitFor(() => standIn.menuItem('start-at-login')?.checked === true);
  },
);
