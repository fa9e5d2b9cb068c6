/**
 * The parts of the `electron` module the shell uses, as a type only: main.ts passes the real module, the
 * tests a recording stand-in (the runtime cannot exist under Node). Nothing here is loaded at run time.
 */
export type ElectronModule = Pick<
  typeof import('electron'),
  | 'app'
  | 'BrowserWindow'
  | 'Tray'
  | 'Menu'
  | 'Notification'
  | 'ipcMain'
  | 'protocol'
  | 'shell'
  | 'screen'
  | 'nativeTheme'
>;
