import type { Display, Menu, MenuItemConstructorOptions, Rectangle, WindowOpenHandlerResponse } from 'electron';

/**
 * The types and fixed values of the recording stand-in (electron-stand-in.ts), and the helpers that check
 * its shape against electron.d.ts (issue 12 §5: the shell is typechecked against Electron's own types).
 */

/**
 * A menu item as the shell hands it over: Electron's MenuItemConstructorOptions must fit here (buildFromTemplate
 * takes Electron's type). `click` is called without Electron's (menuItem, window, event): the shell ignores them.
 */
export type Template = Pick<MenuItemConstructorOptions, 'id' | 'label' | 'enabled' | 'checked' | 'type'> & {
  submenu?: Template[] | Menu;
  click?: (...args: never[]) => void;
};

/**
 * Type checks of the stand-in against electron.d.ts (issue 12 §5): each piece `implements Members<…>` or
 * `satisfies Partial<…>` of the Electron type, so a member it shares with Electron has Electron's signature; and
 * `NoExtras` fails to compile when a piece has a member Electron's type lacks, beyond the recording fields
 * named (a misspelt method would otherwise pass unnoticed).
 */
export type NoExtras<T extends never> = T;
export type Extras<StandIn, Real, Recording extends PropertyKey = never> = Exclude<
  keyof StandIn,
  keyof Real | Recording
>;
/** Electron's members other than EventEmitter's (whose `this` returns cannot be matched by another class). */
export type Members<T> = Partial<Omit<T, keyof NodeJS.EventEmitter>>;
/** A test delivers a plain object carrying only what the shell reads (ipc.ts: sender.id, mainFrame, senderFrame). */
export type IpcHandler = (event: unknown, ...args: unknown[]) => unknown;
export type ProtocolHandler = (request: { url: string }) => Promise<Response> | Response;
export type OpenHandler = (details: { url: string }) => WindowOpenHandlerResponse;

/** The one display and the tray icon's place the stand-in reports (tests compute expected bounds from them). */
export const STAND_IN_DISPLAY: Readonly<Display> = Object.freeze({
  id: 1,
  label: 'stand-in',
  workArea: { x: 0, y: 25, width: 1920, height: 1055 },
  workAreaSize: { width: 1920, height: 1055 },
  bounds: { x: 0, y: 0, width: 1920, height: 1080 },
  size: { width: 1920, height: 1080 },
  nativeOrigin: { x: 0, y: 0 },
  scaleFactor: 1,
  rotation: 0,
  internal: true,
  detected: true,
  monochrome: false,
  colorDepth: 24,
  colorSpace: 'srgb',
  depthPerComponent: 8,
  displayFrequency: 60,
  maximumCursorSize: { width: 64, height: 64 },
  accelerometerSupport: 'unknown',
  touchSupport: 'unknown',
});
export const STAND_IN_TRAY_BOUNDS: Readonly<Rectangle> = Object.freeze({ x: 1800, y: 0, width: 24, height: 24 });
