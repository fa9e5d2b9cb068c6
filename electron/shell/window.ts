import type { BrowserWindow, Rectangle } from 'electron';
import type { ElectronModule } from './electron-module.js';
import { APP_ORIGIN } from './logic/app-url.js';
import { isAllowedExternalUrl } from './logic/open-external.js';
import { computePopoverBounds } from './logic/popover-position.js';
import { buildWindowOptions, isAllowedNavigation } from './logic/window-options.js';

export const APP_PAGE = `${APP_ORIGIN}/index.html`;

export type WindowFocus = Readonly<{ port?: number; profile?: string; instance?: string; logs?: boolean }>;

export type BerthWindow = Readonly<{
  show(focus?: WindowFocus): void;
  hide(): void;
  isVisible(): boolean;
  webContentsId(): number | undefined;
  webContents(): BrowserWindow['webContents'] | null;
  /** Lets the next close through (quitting). */
  destroy(): void;
}>;

export type WindowDeps = Readonly<{
  platform: NodeJS.Platform;
  preloadPath: string;
  /** The tray icon's bounds, or null without a tray. */
  trayBounds: () => Rectangle | null;
  /** With a tray: close hides. Without one (Linux without a tray host) closing the window quits. */
  hideOnClose: boolean;
  onCloseWithoutTray: () => void;
  /** URLs of known instances: the only ones a link in the window may open in the browser. */
  knownUrls: () => readonly string[];
  onVisibility?: (visible: boolean) => void;
}>;

/** "#port=3000&profile=web": the row the window scrolls to; an in-page navigation, so no reload. */
function focusHash(focus: WindowFocus | undefined): string {
  if (!focus) return '';
  const parts = Object.entries(focus)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`);
  return parts.length > 0 ? `#${parts.join('&')}` : '';
}

/**
 * Berth's one window: options and navigation rules from logic/window-options.ts, the page from berth://
 * (see app-protocol.ts), navigation and window.open denied (links to a known server open in the OS
 * browser via open-external.ts), placed as a popover by the tray (logic/popover-position.ts).
 */
export function createBerthWindow(electron: ElectronModule, deps: WindowDeps): BerthWindow {
  const { BrowserWindow, screen, nativeTheme, shell } = electron;
  const place = (): Rectangle => {
    const tray = deps.trayBounds() ?? { x: 0, y: 0, width: 0, height: 0 };
    const display = tray.width > 0 ? screen.getDisplayMatching(tray) : screen.getPrimaryDisplay();
    return computePopoverBounds({
      trayBounds: tray,
      workArea: display.workArea,
      displayBounds: display.bounds,
      platform: deps.platform,
    });
  };
  const win = new BrowserWindow(
    buildWindowOptions({
      platform: deps.platform,
      preloadPath: deps.preloadPath,
      bounds: place(),
      dark: nativeTheme.shouldUseDarkColors,
    }),
  );
  let closing = false;
  const wc = win.webContents;
  const deny = (event: { preventDefault(): void }, url: string): void => {
    if (!isAllowedNavigation(url)) event.preventDefault();
  };
  wc.on('will-navigate', deny);
  wc.on('will-redirect', deny);
  wc.on('will-attach-webview', (event) => event.preventDefault());
  wc.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternalUrl(url, deps.knownUrls())) void shell.openExternal(url);
    return { action: 'deny' };
  });
  win.on('close', (event) => {
    if (closing) return;
    if (!deps.hideOnClose) return deps.onCloseWithoutTray();
    event.preventDefault();
    win.hide();
  });
  // A popover goes away when it loses focus (macOS, Windows); on Linux it is a normal window.
  if (deps.platform !== 'linux') win.on('blur', () => deps.hideOnClose && win.hide());
  win.on('show', () => deps.onVisibility?.(true));
  win.on('hide', () => deps.onVisibility?.(false));
  void win.loadURL(APP_PAGE).catch(() => {});

  return {
    show(focus) {
      if (win.isDestroyed()) return;
      if (deps.hideOnClose) win.setBounds(place());
      const hash = focusHash(focus);
      if (hash !== '') void win.loadURL(`${APP_PAGE}${hash}`).catch(() => {});
      win.show();
      win.focus();
    },
    hide: () => void (!win.isDestroyed() && win.hide()),
    isVisible: () => !win.isDestroyed() && win.isVisible(),
    webContentsId: () => (win.isDestroyed() ? undefined : wc.id),
    webContents: () => (win.isDestroyed() ? null : wc),
    destroy() {
      closing = true;
      if (!win.isDestroyed()) win.destroy();
    },
  };
}
