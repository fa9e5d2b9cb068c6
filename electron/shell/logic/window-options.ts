import type { BrowserWindowConstructorOptions, Rectangle } from 'electron';
import { isAppUrl } from './app-url.js';

export type WindowOptionsInput = Readonly<{
  platform: NodeJS.Platform;
  /** Absolute path of the preload bundle (dist/preload/preload.cjs). */
  preloadPath: string;
  /** From computePopoverBounds. */
  bounds: Readonly<Rectangle>;
  /** `nativeTheme.shouldUseDarkColors`: the background shown before the page paints. */
  dark?: boolean;
}>;

/**
 * The Content-Security-Policy the shell's `berth://` handler sends with every response. Scripts and
 * styles only from Berth's own files (no inline code: the renderer ships CSS files), data: only for images.
 */
export const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:";

export const MIN_WINDOW_SIZE = Object.freeze({ width: 360, height: 420 });

/**
 * The window as a tray popover. macOS and Windows: frameless, out of the taskbar, above other windows,
 * hidden on blur by the shell. Linux: a normal framed window in the taskbar, because a tray host may be
 * missing or never report clicks, and then this window is the only way to reach Berth (issue 12, §2).
 * webPreferences follow Electron's security checklist (https://www.electronjs.org/docs/latest/tutorial/security):
 * isolated, sandboxed, no Node, web security on, no <webview>, no navigation by dropping a file.
 */
export function buildWindowOptions({
  platform,
  preloadPath,
  bounds,
  dark = false,
}: WindowOptionsInput): BrowserWindowConstructorOptions {
  const popover = platform === 'darwin' || platform === 'win32';
  return {
    x: bounds.x,
    y: bounds.y,
    width: bounds.width,
    height: bounds.height,
    minWidth: MIN_WINDOW_SIZE.width,
    minHeight: MIN_WINDOW_SIZE.height,
    title: 'Berth',
    show: false,
    frame: !popover,
    skipTaskbar: popover,
    alwaysOnTop: popover,
    resizable: true,
    fullscreenable: false,
    maximizable: !popover,
    minimizable: !popover,
    autoHideMenuBar: true,
    backgroundColor: dark ? '#1f2328' : '#ffffff',
    webPreferences: {
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      preload: preloadPath,
    },
  };
}

/**
 * For `will-navigate`, `will-redirect` and `setWindowOpenHandler`: the window only ever shows Berth's
 * own page; links to a server go through `isAllowedExternalUrl` and the OS browser instead.
 */
export function isAllowedNavigation(url: string): boolean {
  return isAppUrl(url);
}
