import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { commandNames } from '../../electron/contract/names.js';
import type { Result } from '../../electron/contract/result.js';
import type { Snapshot } from '../../electron/contract/views.js';
import { checkBindable } from '../../electron/core/ports/free-check.js';
import { controlSocketPath } from '../../electron/host/socket-path.js';
import { computePopoverBounds } from '../../electron/shell/logic/popover-position.js';
import { chooseTrayIcon, trayIconFile } from '../../electron/shell/logic/tray-icon.js';
import { buildTrayMenu } from '../../electron/shell/logic/tray-menu.js';
import { buildWindowOptions } from '../../electron/shell/logic/window-options.js';
import { toMenuTemplate } from '../../electron/shell/tray.js';
import { STAND_IN_DISPLAY, STAND_IN_TRAY_BOUNDS } from '../helpers/electron-stand-in.js';
import { findFreeBlock } from '../helpers/ports.js';
import { createProcessTracker, fixture, isAlive, waitFor } from '../helpers/processes.js';
import {
  exitWithin,
  firstScan,
  hostLockPid,
  launchShellProcess,
  repoRoot,
  shellEnv,
  trackListeners,
  type ShellProcess,
} from '../helpers/shell-process.js';
import { makeTempDir } from '../helpers/temp.js';

const platform = process.platform;
const NO_TRAY = { x: 0, y: 0, width: 0, height: 0 };
const whats = (calls: readonly { what: string }[]): string[] => calls.map((c) => c.what);

async function call<T>(shell: ShellProcess, name: string, request: unknown): Promise<Result<T>> {
  return shell.invoke<Result<T>>('berth:call', name, request);
}

/**
 * The real dist/electron/shell/main.js (package.json "main") in its own Node process, `electron` resolved
 * to the recording stand-in by a module resolve hook, BERTH_HOME a temp dir: a real host engine and a real
 * server on loopback.
 */
test(
  'main.js under Node: hosts the engine, creates the window and the tray, IPC reaches every command; ' +
    'Quit in the tray menu stops the server (onQuit stop), releases host.lock and the process ends by itself',
  { timeout: 60_000 },
  async (t) => {
    const tmp = makeTempDir();
    const procs = createProcessTracker();
    const [port] = await findFreeBlock(1, 47350);
    const dataDir = join(tmp.dir, 'home');
    const shell = launchShellProcess(procs, { env: shellEnv(tmp.dir) });
    t.after(async () => {
      // Should the test fail before the server was tracked, it is found by its port while the shell still answers.
      if (shell.child.connected) await trackListeners(shell, procs, port!, 500).catch(() => []);
      await procs.cleanup();
      tmp.remove();
    });

    await waitFor(() => hostLockPid(dataDir) === shell.pid, 15_000);
    await waitFor(async () => (await shell.recordings()).trays[0]?.menu !== undefined);
    assert.ok(existsSync(controlSocketPath(dataDir)), 'the control socket is up');
    await firstScan(shell);
    const first = await shell.recordings();

    // The scheme is privileged before ready (Electron requires it), and served after.
    assert.deepEqual(first.calls.slice(0, 4), [
      { what: 'app.requestSingleInstanceLock', args: [] },
      {
        what: 'protocol.registerSchemesAsPrivileged',
        args: [[{ scheme: 'berth', privileges: { standard: true, secure: true, supportFetchAPI: true } }]],
      },
      { what: 'app.whenReady', args: [] },
      { what: 'protocol.handle', args: ['berth'] },
    ]);
    assert.deepEqual(first.protocolSchemes, ['berth']);
    assert.deepEqual(first.appEvents.sort(), ['before-quit', 'second-instance', 'window-all-closed']);

    // The window: exactly the pure functions' options (created before the tray, so placed on the primary display).
    const preload = join(repoRoot, 'dist', 'preload', 'preload.cjs');
    assert.equal(first.windows.length, 1);
    assert.deepEqual(
      first.windows[0]!.options,
      buildWindowOptions({
        platform,
        preloadPath: preload,
        bounds: computePopoverBounds({
          trayBounds: NO_TRAY,
          workArea: STAND_IN_DISPLAY.workArea,
          displayBounds: STAND_IN_DISPLAY.bounds,
          platform,
        }),
        dark: false,
      }),
    );
    assert.ok(existsSync(preload), 'the preload bundle the window names exists');
    assert.equal(first.windows[0]!.url, 'berth://app/index.html');
    if (platform === 'linux') {
      // Linux shows the window at launch (no --hidden), placed by the tray icon.
      assert.equal(first.windows[0]!.visible, true);
      const setBounds = first.calls.find((c) => c.what === 'window.setBounds');
      assert.deepEqual(setBounds?.args, [
        computePopoverBounds({
          trayBounds: STAND_IN_TRAY_BOUNDS,
          workArea: STAND_IN_DISPLAY.workArea,
          displayBounds: STAND_IN_DISPLAY.bounds,
          platform,
        }),
      ]);
    }

    // The tray: the idle icon for this platform (a file that exists), then the menu of the engine's state.
    const icon = join(repoRoot, 'resources', 'tray', trayIconFile('idle', platform, false));
    assert.deepEqual(
      first.calls.filter((c) => c.what === 'new Tray'),
      [{ what: 'new Tray', args: [icon] }],
    );
    assert.ok(existsSync(icon), icon);
    const menuOf = (s: Snapshot): unknown => {
      const { tooltip } = chooseTrayIcon(s, platform, false);
      const items = buildTrayMenu(s, { startAtLogin: false }, platform, tooltip);
      return JSON.parse(JSON.stringify(toMenuTemplate(items, () => {})));
    };
    // Other processes on this machine come and go: the tray catches up with the engine's state.
    await waitFor(async () => {
      const rec = await shell.recordings();
      const state = await call<Snapshot>(shell, 'state.get', {});
      if (!state.ok) throw new Error(JSON.stringify(state));
      return (
        isDeepStrictEqual(rec.trays[0]!.menu, menuOf(state.value)) &&
        rec.trays[0]!.tooltip === chooseTrayIcon(state.value, platform, false).tooltip
      );
    });

    // IPC: one handler; every contract command reaches the engine's dispatcher through it.
    assert.deepEqual(first.ipcChannels, ['berth:call']);
    assert.equal(whats(first.calls).filter((w) => w === 'ipcMain.handle').length, 1);
    const unknown = await call(shell, 'no.such.command', {});
    assert.equal(unknown.ok, false);
    assert.match(!unknown.ok ? unknown.error.message : '', /^unknown command/);
    for (const name of commandNames) {
      const r = await call(shell, name, {});
      if (r.ok) continue;
      assert.equal(r.error.code, 'bad-input', `${name}: ${r.error.message}`);
      assert.doesNotMatch(r.error.message, /unknown command/, name);
    }

    // A real server, started from the tray menu; onQuit "stop" set through the window's IPC.
    mkdirSync(join(tmp.dir, 'web'));
    assert.equal((await call(shell, 'settings.save', { settings: { onQuit: 'stop' } })).ok, true);
    const saved = await call(shell, 'profiles.save', {
      profile: {
        name: 'web',
        command: `"${process.execPath}" "${fixture('server')}"`,
        cwd: join(tmp.dir, 'web'),
        ports: [{ name: 'PORT', preferred: port }],
      },
    });
    assert.equal(saved.ok, true, JSON.stringify(saved));
    const menuItem = async (id: string) => {
      const find = (items: unknown): { id: string; label?: string } | undefined =>
        (items as { id: string; label?: string; submenu?: unknown }[] | undefined)
          ?.map((i) => (i.id === id ? i : find(i.submenu)))
          .find((i) => i !== undefined);
      return find((await shell.recordings()).trays[0]?.menu);
    };
    await waitFor(async () => (await menuItem('profile:web:start'))?.label === `Start web (:${port})`);
    await shell.click('profile:web:start');
    const ready = await waitFor(async () => {
      const r = await call<{ instances: { id: string; pid: number | null; status: string }[] }>(
        shell,
        'instances.list',
        {},
      );
      return r.ok ? r.value.instances.find((i) => i.status === 'ready') : undefined;
    }, 20_000);
    const pid = ready!.pid!;
    await procs.track(pid);
    const listening = await trackListeners(shell, procs, port!);
    await waitFor(async () => (await menuItem(`instance:${ready!.id}`))?.label === `web :${port} ready`);

    await shell.click('quit');
    await waitFor(async () => whats((await shell.recordings()).calls).includes('app.quit'), 20_000);
    const last = await shell.recordings();
    assert.deepEqual(whats(last.calls).slice(-3), ['tray.destroy', 'window.destroy', 'app.quit']);
    assert.equal(last.trays[0]!.destroyed, true);
    assert.equal(last.windows[0]!.destroyed, true);
    for (const p of [pid, ...listening])
      assert.equal(await isAlive(p), false, `onQuit "stop": PID ${p} was stopped before quitting`);
    assert.equal((await checkBindable(port!)).ok, true, 'its port binds again');
    assert.equal(hostLockPid(dataDir), null, 'host.lock released');
    assert.equal(existsSync(controlSocketPath(dataDir)), false, 'control socket removed');
    assert.match(shell.output(), /\[berth\] Stopping 1 server before quitting\./);

    // Nothing is left running in the process (timers, sockets, the scanner worker): it ends by itself.
    shell.disconnect();
    assert.deepEqual(await exitWithin(shell, 10_000), { code: 0, signal: null }, shell.output());
  },
);
