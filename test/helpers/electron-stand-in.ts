import { EventEmitter } from 'node:events';
import type { ElectronModule } from '../../electron/shell/electron-module.js';

/**
 * The one allowed fake: a recording stand-in of the `electron` module, so the real shell (runShell) runs
 * under Node, where the Electron runtime cannot exist. It records calls and keeps what the shell hands it
 * (menus, handlers); it decides nothing and re-implements no Berth logic.
 */
export type Call = Readonly<{ what: string; args: readonly unknown[] }>;
type Template = {
  id?: string;
  label?: string;
  enabled?: boolean;
  checked?: boolean;
  type?: string;
  submenu?: Template[];
  click?: () => void;
};

/** The one display and the tray icon's place the stand-in reports (tests compute expected bounds from them). */
export const STAND_IN_DISPLAY = Object.freeze({
  workArea: { x: 0, y: 25, width: 1920, height: 1055 },
  bounds: { x: 0, y: 0, width: 1920, height: 1080 },
});
export const STAND_IN_TRAY_BOUNDS = Object.freeze({ x: 1800, y: 0, width: 24, height: 24 });

export type StandInOptions = Readonly<{
  notificationsSupported?: boolean;
  /** What `app.requestSingleInstanceLock()` answers: false plays a second launch of Berth. */
  singleInstanceLock?: boolean;
}>;
export type ElectronStandIn = ReturnType<typeof createElectronStandIn>;

export function createElectronStandIn(options: StandInOptions = {}) {
  const calls: Call[] = [];
  const record = (what: string, ...args: unknown[]): void => void calls.push({ what, args });
  const ipcHandlers = new Map<string, (event: unknown, ...args: unknown[]) => unknown>();
  const protocolHandlers = new Map<string, (request: { url: string }) => Promise<Response> | Response>();
  const windows: StandInWindow[] = [];
  const trays: StandInTray[] = [];
  const notifications: StandInNotification[] = [];
  let nextWebContentsId = 1;

  class StandInMenu extends EventEmitter {
    constructor(readonly template: Template[]) {
      super();
    }
  }
  class StandInTray extends EventEmitter {
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
    setContextMenu(menu: StandInMenu) {
      this.menu = menu;
      record('tray.setContextMenu', menu.template);
    }
    popUpContextMenu() {
      record('tray.popUpContextMenu');
    }
    getBounds() {
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
  class StandInWebContents extends EventEmitter {
    readonly id = nextWebContentsId++;
    readonly mainFrame = { url: '' };
    readonly sent: { channel: string; args: unknown[] }[] = [];
    openHandler: ((d: { url: string }) => { action: string }) | null = null;
    destroyed = false;
    setWindowOpenHandler(h: (d: { url: string }) => { action: string }) {
      this.openHandler = h;
    }
    send(channel: string, ...args: unknown[]) {
      this.sent.push({ channel, args });
    }
    isDestroyed() {
      return this.destroyed;
    }
  }
  class StandInWindow extends EventEmitter {
    readonly webContents = new StandInWebContents();
    visible = false;
    destroyed = false;
    constructor(readonly options: unknown) {
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
    setBounds(b: unknown) {
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
  class StandInNotification extends EventEmitter {
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
  const app = Object.assign(new EventEmitter(), {
    requestSingleInstanceLock: () => (record('app.requestSingleInstanceLock'), options.singleInstanceLock ?? true),
    whenReady: async () => record('app.whenReady'),
    quit: () => record('app.quit'),
    exit: (code: number) => record('app.exit', code),
    getLoginItemSettings: () => ({ openAtLogin: false }),
    setLoginItemSettings: (s: unknown) => record('app.setLoginItemSettings', s),
    getAppPath: () => process.cwd(),
    isPackaged: false,
  });
  const electron = {
    app,
    BrowserWindow: StandInWindow,
    Tray: StandInTray,
    Menu: { buildFromTemplate: (t: Template[]) => (record('Menu.buildFromTemplate', t), new StandInMenu(t)) },
    Notification: StandInNotification,
    ipcMain: {
      handle: (channel: string, fn: (event: unknown, ...args: unknown[]) => unknown) => (
        record('ipcMain.handle', channel),
        ipcHandlers.set(channel, fn)
      ),
      removeHandler: (channel: string) => ipcHandlers.delete(channel),
    },
    protocol: {
      registerSchemesAsPrivileged: (s: unknown) => record('protocol.registerSchemesAsPrivileged', s),
      handle: (scheme: string, fn: (r: { url: string }) => Promise<Response>) => (
        record('protocol.handle', scheme),
        protocolHandlers.set(scheme, fn)
      ),
    },
    shell: { openExternal: async (url: string) => record('shell.openExternal', url) },
    screen: {
      getDisplayMatching: () => structuredClone(STAND_IN_DISPLAY),
      getPrimaryDisplay: () => structuredClone(STAND_IN_DISPLAY),
    },
    nativeTheme: { shouldUseDarkColors: false },
  };

  /** The tray's current menu item with this id (searching submenus). */
  function menuItem(id: string): Template | undefined {
    const find = (items: Template[]): Template | undefined => {
      for (const i of items) {
        if (i.id === id) return i;
        const inner = i.submenu ? find(i.submenu) : undefined;
        if (inner) return inner;
      }
      return undefined;
    };
    return find(trays[0]?.menu?.template ?? []);
  }
  /** Every label in the tray's current menu, submenus flattened, for readable assertions. */
  function menuLabels(): string[] {
    const walk = (items: Template[]): string[] =>
      items.flatMap((i) => [...(i.label ? [i.label] : []), ...walk(i.submenu ?? [])]);
    return walk(trays[0]?.menu?.template ?? []);
  }
  /** Calls the click handler the shell registered on a menu item, as Electron would on a click. */
  function click(id: string): void {
    const item = menuItem(id);
    if (!item?.click) throw new Error(`no clickable menu item ${id}; menu: ${menuLabels().join(' | ')}`);
    item.click();
  }

  return {
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
