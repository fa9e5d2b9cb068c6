import { existsSync, mkdirSync, unlinkSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ElectronModule } from './electron-module.js';
import { writeFileAtomic } from '../core/fs/atomic.js';
import { autostartPath, buildAutostartDesktopEntry, HIDDEN_ARG, loginItemSettingsFor } from './logic/autostart.js';

export type LoginItem = Readonly<{ isEnabled(): boolean; setEnabled(enabled: boolean): void }>;

export type LoginItemDeps = Readonly<{
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  homeDir: string;
  execPath: string;
  /** Arguments before --hidden: the app folder when running unpackaged (`electron .`). */
  appArgs: readonly string[];
}>;

/**
 * Start at login: app.setLoginItemSettings on macOS and Windows; on Linux (no such API in Electron) an
 * XDG autostart entry, text from logic/autostart.ts. An AppImage starts from $APPIMAGE, because its
 * execPath is inside a mount that is gone after logout.
 */
export function createLoginItem(electron: ElectronModule, deps: LoginItemDeps): LoginItem {
  const { app } = electron;
  const file = autostartPath(deps.env.XDG_CONFIG_HOME, deps.homeDir);
  if (deps.platform === 'linux') {
    return {
      isEnabled: () => existsSync(file),
      setEnabled(enabled) {
        if (!enabled) return void (existsSync(file) && unlinkSync(file));
        mkdirSync(dirname(file), { recursive: true });
        const execPath = deps.env.APPIMAGE ?? deps.execPath;
        writeFileAtomic(
          file,
          buildAutostartDesktopEntry({ execPath, args: [...deps.appArgs, HIDDEN_ARG], name: 'Berth' }),
        );
      },
    };
  }
  return {
    isEnabled: () =>
      app.getLoginItemSettings(deps.platform === 'win32' ? { args: [HIDDEN_ARG] } : undefined).openAtLogin,
    setEnabled(enabled) {
      const settings = loginItemSettingsFor(deps.platform, enabled);
      if (settings) app.setLoginItemSettings(settings);
    },
  };
}
