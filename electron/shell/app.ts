import { join } from 'node:path';
import { isActive, type Snapshot } from '../contract/views.js';
import { DEFAULT_SETTINGS } from '../contract/settings.js';
import { resolveDataDir } from '../core/paths.js';
import { createNotifier, type Notifier } from '../core/notify/notifier.js';
import type { ElectronModule } from './electron-module.js';
import { createShellActions, type ShellActions } from './actions.js';
import { handleAppProtocol, registerAppScheme } from './app-protocol.js';
import { linkHost, type HostLink } from './host-link.js';
import { forwardEvents, registerIpc } from './ipc.js';
import { createLoginItem } from './login-item.js';
import { createDesktopNotifications } from './notifications.js';
import { createBerthTray, type BerthTray } from './tray.js';
import { createBerthWindow, type BerthWindow } from './window.js';
import { HIDDEN_ARG } from './logic/autostart.js';
import { planQuit } from './logic/quit.js';
import { expectTrayHost } from './logic/tray-icon.js';

export type ShellOptions = Readonly<{
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  argv: readonly string[];
  homeDir: string;
  execPath: string;
  /** `app.getAppPath()`: holds dist/renderer and dist/preload. */
  appRoot: string;
  /** resources/tray, or <resources>/tray when packaged. */
  trayIconDir: string;
  /** Arguments the login item starts Berth with before --hidden (the app folder when unpackaged). */
  appArgs: readonly string[];
  log?: (line: string) => void;
  now?: () => number;
}>;

export type RunningShell = Readonly<{
  link: HostLink;
  window: BerthWindow;
  tray: BerthTray | null;
  actions: ShellActions;
  /** Decides what to notify (core/notify), from the linked engine's snapshots and commands. */
  notifier: Notifier;
  quit(): Promise<void>;
}>;

/**
 * The wiring list (issue 12 §1). Every decision is a pure function in logic/ or core/notify; this file
 * only connects them to Electron. Returns null when another Berth window already runs (it is shown).
 */
export async function runShell(electron: ElectronModule, o: ShellOptions): Promise<RunningShell | null> {
  const { app } = electron;
  const log = o.log ?? ((line: string) => console.log(`[berth] ${line}`));
  // A second launch hands over to the first, which shows its window (app.requestSingleInstanceLock docs).
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return null;
  }
  registerAppScheme(electron.protocol);
  await app.whenReady();
  handleAppProtocol(electron.protocol, join(o.appRoot, 'dist', 'renderer'));

  const link = await linkHost(resolveDataDir(o.env, o.platform, o.homeDir), log);
  const loginItem = createLoginItem(electron, {
    platform: o.platform,
    env: o.env,
    homeDir: o.homeDir,
    execPath: o.execPath,
    appArgs: o.appArgs,
  });
  const hasTray = expectTrayHost(o.platform, o.env);
  let tray: BerthTray | null = null;
  let quitting: Promise<void> | null = null;
  let releaseWatch: (() => void) | null = null;

  const window = createBerthWindow(electron, {
    platform: o.platform,
    preloadPath: join(o.appRoot, 'dist', 'preload', 'preload.cjs'),
    trayBounds: () => tray?.bounds() ?? null,
    hideOnClose: hasTray,
    onCloseWithoutTray: () => void quit(),
    knownUrls: () => (actions.latest()?.instances ?? []).flatMap((i) => (i.url !== null ? [i.url] : [])),
    // A visible window is a face watching: the engine polls at the short interval meanwhile.
    onVisibility: (visible) => {
      releaseWatch?.();
      releaseWatch = visible ? link.watch() : null;
    },
  });
  const desktop = createDesktopNotifications(electron, {
    platform: o.platform,
    onClick: (n) => window.show(n.focus),
    onAction: (_n, action) => void actions.runSteps(action.steps),
  });
  // Core decides, the shell displays. Hosting, the link reports every face's commands (CLI, browser, this
  // window); attached, this shell's own (the other host notifies or logs the rest).
  const notifier = createNotifier({
    now: o.now ?? Date.now,
    emit: (n) => {
      log(`notify: ${n.text}`);
      desktop.show(n);
    },
  });
  link.onCommand(notifier.command);
  const actions: ShellActions = createShellActions({
    call: (name, request) => link.transport.call(name, request),
    latest: () => notifier.latest(),
    failed: (title, message) => {
      log(`${title}: ${message}`);
      if (!desktop.showMessage(title, message)) window.show();
    },
    openExternal: (url) => void electron.shell.openExternal(url),
    shell: (action) => {
      if (action.shell === 'show-window') return window.show(action.focus);
      if (action.shell === 'quit') return quit();
      if (action.shell === 'toggle-start-at-login') {
        loginItem.setEnabled(!loginItem.isEnabled());
        const s = actions.latest();
        if (s) tray?.update(s, { startAtLogin: loginItem.isEnabled() });
      }
    },
    log,
  });

  registerIpc(electron.ipcMain, {
    call: (name, request) => actions.call(name, request),
    trustedWebContentsId: () => window.webContentsId(),
    log,
  });
  forwardEvents(link.transport.subscribe, () => window.webContents());
  if (hasTray)
    tray = createBerthTray(electron, {
      platform: o.platform,
      iconDir: o.trayIconDir,
      onAction: (a) => void actions.run(a),
      watch: link.watch,
    });
  let lastRev = 0;
  const onState = (s: Snapshot): void => {
    if (s.rev < lastRev) return;
    lastRev = s.rev;
    notifier.observe(s);
    tray?.update(s, { startAtLogin: loginItem.isEnabled() });
  };
  link.transport.subscribe('state', onState);
  link.onSwitch((hosting) => {
    log(hosting ? 'Now hosting the Berth engine.' : 'Attached to another Berth host.');
    lastRev = 0;
    notifier.reset();
  });

  async function quit(): Promise<void> {
    quitting ??= (async () => {
      const s = actions.latest();
      const plan = planQuit(
        s?.settings ?? DEFAULT_SETTINGS,
        link.hosting(),
        (s?.instances ?? []).filter(isActive).length,
      );
      log(plan.message);
      notifier.close();
      await link.close(plan);
      tray?.destroy();
      window.destroy();
      app.quit();
    })();
    return quitting;
  }
  app.on('second-instance', () => window.show());
  // A tray app outlives its window; quitting goes through quit() (menu, Cmd+Q, the OS logging out).
  app.on('window-all-closed', () => {});
  app.on('before-quit', (event) => {
    if (quitting) return;
    event.preventDefault();
    void quit();
  });
  // Without a tray the window is the only way in. Linux shows it at launch (a normal window there) unless
  // started at login; macOS and Windows open it from the tray.
  if (!hasTray || (o.platform === 'linux' && !o.argv.includes(HIDDEN_ARG))) window.show();
  return { link, window, tray, actions, notifier, quit };
}
