import { isDeepStrictEqual } from 'node:util';
import { join } from 'node:path';
import type { Menu, MenuItemConstructorOptions, Rectangle } from 'electron';
import { DEFAULT_SETTINGS } from '../contract/settings.js';
import type { Snapshot } from '../contract/views.js';
import type { ElectronModule } from './electron-module.js';
import { chooseTrayIcon } from './logic/tray-icon.js';
import { buildTrayMenu, type TrayAction, type TrayItem, type TrayShellState } from './logic/tray-menu.js';

export type BerthTray = Readonly<{
  update(snapshot: Snapshot, shell: TrayShellState): void;
  bounds(): Rectangle;
  destroy(): void;
}>;

export type TrayDeps = Readonly<{
  platform: NodeJS.Platform;
  /** resources/tray (or <resources>/tray when packaged). */
  iconDir: string;
  onAction: (action: TrayAction) => void;
  /** An open menu is a face watching: short polling until it closes. */
  watch: () => () => void;
}>;

/** Plain data -> Electron template: each click calls onAction with the item's action, nothing else. */
export function toMenuTemplate(
  items: readonly TrayItem[],
  onAction: (a: TrayAction) => void,
): MenuItemConstructorOptions[] {
  return items.map((item) => {
    const out: MenuItemConstructorOptions = { id: item.id, type: item.type };
    if (item.label !== undefined) out.label = item.label;
    if (item.enabled !== undefined) out.enabled = item.enabled;
    if (item.checked !== undefined) out.checked = item.checked;
    if (item.submenu) out.submenu = toMenuTemplate(item.submenu, onAction);
    const action = item.action;
    if (action) out.click = () => onAction(action);
    return out;
  });
}

/**
 * The tray icon and its menu. The menu is rebuilt and set only when buildTrayMenu's data changed: Linux
 * needs setContextMenu after any change (Electron docs, Tray "Platform limitations"), and re-setting an
 * unchanged menu would close it under the user.
 */
export function createBerthTray(electron: ElectronModule, deps: TrayDeps): BerthTray {
  const { Tray: TrayClass, Menu: MenuClass, nativeTheme } = electron;
  const first = chooseTrayIcon(
    {
      rev: 0,
      listeners: [],
      scan: { source: 'none', takenAt: 0 },
      instances: [],
      profiles: [],
      notices: [],
      settings: DEFAULT_SETTINGS,
    },
    deps.platform,
    nativeTheme.shouldUseDarkColors,
  );
  const tray = new TrayClass(join(deps.iconDir, first.icon));
  let icon = first.icon;
  let tooltip = '';
  let lastItems: TrayItem[] | null = null;
  let release: (() => void) | null = null;
  const watchMenu = (menu: Menu): void => {
    menu.on('menu-will-show', () => {
      release?.();
      release = deps.watch();
    });
    menu.on('menu-will-close', () => {
      release?.();
      release = null;
    });
  };
  // On macOS and Windows a left click opens the menu too; Linux app indicators never emit click.
  tray.on('click', () => tray.popUpContextMenu());
  return {
    update(snapshot, shell) {
      const choice = chooseTrayIcon(snapshot, deps.platform, nativeTheme.shouldUseDarkColors);
      if (choice.icon !== icon) {
        icon = choice.icon;
        tray.setImage(join(deps.iconDir, icon));
      }
      if (choice.tooltip !== tooltip) {
        tooltip = choice.tooltip;
        tray.setToolTip(tooltip);
      }
      const items = buildTrayMenu(snapshot, shell, deps.platform, choice.tooltip);
      if (lastItems !== null && isDeepStrictEqual(items, lastItems)) return;
      lastItems = items;
      const menu = MenuClass.buildFromTemplate(toMenuTemplate(items, deps.onAction));
      watchMenu(menu);
      tray.setContextMenu(menu);
    },
    bounds: () => tray.getBounds(),
    destroy() {
      release?.();
      if (!tray.isDestroyed()) tray.destroy();
    },
  };
}
