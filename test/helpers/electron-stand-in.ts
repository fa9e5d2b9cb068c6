import { EventEmitter } from 'node:events';
import type {
  App,
  BrowserWindow,
  BrowserWindowConstructorOptions,
  IpcMain,
  LoginItemSettings,
  Menu,
  MenuItemConstructorOptions,
  NativeTheme,
  Notification,
  Protocol,
  Rectangle,
  Screen,
  Shell,
  Tray,
  WebContents,
} from 'electron';
import type { ElectronModule } from '../../electron/shell/electron-module.js';
import {
  STAND_IN_DISPLAY,
  STAND_IN_TRAY_BOUNDS,
  type Extras,
  type IpcHandler,
  type Members,
  type NoExtras,
  type OpenHandler,
  type ProtocolHandler,
  type Template,
} from './electron-stand-in-shape.js';

export { STAND_IN_DISPLAY, STAND_IN_TRAY_BOUNDS } from './electron-stand-in-shape.js';

/**
 * The one allowed fake: a recording stand-in of the `electron` module, so the real shell (runShell) runs
 * under Node, where the Electron runtime cannot exist. It records calls and keeps what the shell hands it
 * (menus, handlers); it decides nothing and re-implements no Berth logic.
 */
export type Call = Readonly<{ what: string; args: readonly unknown[] }>;
export type StandInOptions = Readonly<{
  notificationsSupported?: boolean;
  /** What `app.requestSingleInstanceLock()` answers: false plays a second launch of Berth. */
  singleInstanceLock?: boolean;
}>;
export type ElectronStandIn = ReturnType<typeof createElectronStandIn>;

export function createElectronStandIn(options: StandInOptions = {}) {
  const calls: Call[] = [];
  const record = (what: string, ...args: unknown[]): void => void calls.push({ what, args });
  const ipcHandlers = new Map<string, IpcHandler>();
  const protocolHandlers = new Map<string, ProtocolHandler>();
  const windows: StandInWindow[] = [];
  const trays: StandInTray[] = [];
  const notifications: StandInNotification[] = [];
  let nextWebContentsId = 1;

  // The shell only listens on a menu (menu-will-show, menu-will-close): nothing to match but NoExtras.
  class StandInMenu extends EventEmitter {
    constructor(readonly template: Template[]) {
      super();
    }
  }
  type _MenuExtras = NoExtras<Extras<StandInMenu, Menu, 'template'>>;
  class StandInTray extends EventEmitter implements Members<Tray> {
    menu: StandInMenu | null = null;
    image: string;
    tooltip = '';
    destroyed = false;
    constructor(image: string) {
      super();
      this.image = image;
      trays.push(this);
      record('new Tray', image);
    }
    setImage(image: string) {
      this.image = image;
      record('tray.setImage', image);
    }
    setToolTip(text: string) {
      this.tooltip = text;
      record('tray.setToolTip', text);
    }
    setContextMenu(menu: Menu | null) {
      // Only menus from the stand-in's Menu.buildFromTemplate reach here (the shell builds no other).
      this.menu = menu instanceof StandInMenu ? menu : null;
      record('tray.setContextMenu', this.menu?.template ?? null);
    }
    popUpContextMenu() {
      record('tray.popUpContextMenu');
    }
    getBounds(): Rectangle {
      return { ...STAND_IN_TRAY_BOUNDS };
    }
    isDestroyed() {
      return this.destroyed;
    }
    destroy() {
      this.destroyed = true;
      record('tray.destroy');
    }
  }
  type _TrayExtras = NoExtras<Extras<StandInTray, Tray, 'menu' | 'image' | 'tooltip' | 'destroyed'>>;
  // mainFrame is a WebFrameMain in Electron; the shell reads only its url (ipc.ts, the sender check).
  class StandInWebContents extends EventEmitter implements Members<Omit<WebContents, 'mainFrame'>> {
    readonly id = nextWebContentsId++;
    readonly mainFrame = { url: '' };
    readonly sent: { channel: string; args: unknown[] }[] = [];
    openHandler: OpenHandler | null = null;
    destroyed = false;
    setWindowOpenHandler(h: Parameters<WebContents['setWindowOpenHandler']>[0]) {
      // Tests call it with { url } only: the shell's handler reads nothing else (window.ts).
      this.openHandler = h as OpenHandler;
    }
    send(channel: string, ...args: unknown[]) {
      this.sent.push({ channel, args });
    }
    isDestroyed() {
      return this.destroyed;
    }
  }
  type _WebContentsExtras = NoExtras<Extras<StandInWebContents, WebContents, 'sent' | 'openHandler' | 'destroyed'>>;
  // webContents is the stand-in above, not a whole WebContents.
  class StandInWindow extends EventEmitter implements Members<Omit<BrowserWindow, 'webContents'>> {
    readonly webContents = new StandInWebContents();
    visible = false;
    destroyed = false;
    constructor(readonly options: BrowserWindowConstructorOptions) {
      super();
      windows.push(this);
      record('new BrowserWindow', options);
    }
    async loadURL(url: string) {
      this.webContents.mainFrame.url = url;
      record('window.loadURL', url);
    }
    show() {
      this.visible = true;
      record('window.show');
      this.emit('show');
    }
    hide() {
      this.visible = false;
      record('window.hide');
      this.emit('hide');
    }
    focus() {
      record('window.focus');
    }
    setBounds(b: Partial<Rectangle>) {
      record('window.setBounds', b);
    }
    isVisible() {
      return this.visible;
    }
    isDestroyed() {
      return this.destroyed;
    }
    destroy() {
      this.destroyed = true;
      this.webContents.destroyed = true;
      record('window.destroy');
    }
  }
  type _WindowExtras = NoExtras<Extras<StandInWindow, BrowserWindow, 'options' | 'visible' | 'destroyed'>>;
  class StandInNotification extends EventEmitter implements Members<Notification> {
    static isSupported() {
      return options.notificationsSupported ?? true;
    }
    constructor(readonly options: { title: string; body: string; actions?: unknown[] }) {
      super();
      notifications.push(this);
      record('new Notification', options);
    }
    show() {
      record('notification.show', this.options.title);
    }
  }
  type _NotificationExtras = NoExtras<Extras<StandInNotification, Notification, 'options'>>;
  const loginItem: LoginItemSettings = {
    openAtLogin: false,
    wasOpenedAtLogin: false,
    status: 'not-registered',
    executableWillLaunchAtLogin: false,
    launchItems: [],
  };
  const app = Object.assign(new EventEmitter(), {
    requestSingleInstanceLock: () => (record('app.requestSingleInstanceLock'), options.singleInstanceLock ?? true),
    whenReady: async () => record('app.whenReady'),
    quit: () => record('app.quit'),
    exit: (code?: number) => record('app.exit', code),
    getLoginItemSettings: () => loginItem,
    setLoginItemSettings: (s: unknown) => record('app.setLoginItemSettings', s),
    getAppPath: () => process.cwd(),
    isPackaged: false,
  } satisfies Partial<App>);
  const electron = {
    app,
    BrowserWindow: StandInWindow,
    Tray: StandInTray,
    Menu: {
      buildFromTemplate: (t: MenuItemConstructorOptions[]) => (record('Menu.buildFromTemplate', t), new StandInMenu(t)),
    },
    Notification: StandInNotification satisfies Pick<typeof Notification, 'isSupported'>,
    ipcMain: {
      handle(channel: string, listener: Parameters<IpcMain['handle']>[1]) {
        record('ipcMain.handle', channel);
        ipcHandlers.set(channel, listener as IpcHandler);
      },
      removeHandler: (channel: string) => void ipcHandlers.delete(channel),
    } satisfies Partial<IpcMain>,
    protocol: {
      registerSchemesAsPrivileged: (s: unknown) => record('protocol.registerSchemesAsPrivileged', s),
      handle(scheme: string, handler: Parameters<Protocol['handle']>[1]) {
        record('protocol.handle', scheme);
        // Tests ask with { url } only: app-protocol.ts reads nothing else of the request.
        protocolHandlers.set(scheme, handler as ProtocolHandler);
      },
    } satisfies Partial<Protocol>,
    shell: { openExternal: async (url: string) => record('shell.openExternal', url) } satisfies Partial<Shell>,
    screen: {
      getDisplayMatching: () => structuredClone(STAND_IN_DISPLAY),
      getPrimaryDisplay: () => structuredClone(STAND_IN_DISPLAY),
    } satisfies Partial<Screen>,
    nativeTheme: { shouldUseDarkColors: false } satisfies Partial<NativeTheme>,
  } satisfies Record<keyof ElectronModule, unknown>;

  /** The tray's current menu item with this id (searching submenus). */
  function menuItem(id: string): Template | undefined {
    const find = (items: Template[]): Template | undefined => {
      for (const i of items) {
        if (i.id === id) return i;
        const inner = Array.isArray(i.submenu) ? find(i.submenu) : undefined;
        if (inner) return inner;
      }
      return undefined;
    };
    return find(trays[0]?.menu?.template ?? []);
  }
  /** Every label in the tray's current menu, submenus flattened, for readable assertions. */
  function menuLabels(): string[] {
    const walk = (items: Template[]): string[] =>
      items.flatMap((i) => [...(i.label ? [i.label] : []), ...walk(Array.isArray(i.submenu) ? i.submenu : [])]);
    return walk(trays[0]?.menu?.template ?? []);
  }
  /** Calls the click handler the shell registered on a menu item, as Electron would on a click. */
  function click(id: string): void {
    const item = menuItem(id);
    if (!item?.click) throw new Error(`no clickable menu item ${id}; menu: ${menuLabels().join(' | ')}`);
    item.click();
  }

  return {
    // Partial by design, each piece checked against electron.d.ts above; this only says that the members it
    // lacks are never used by the shell (a run under Node that reached one would throw, failing the test).
    electron: electron as unknown as ElectronModule,
    calls,
    ipcHandlers,
    protocolHandlers,
    windows,
    trays,
    notifications,
    menuItem,
    menuLabels,
    click,
  };
}
