import { createElectronStandIn, type ElectronStandIn, type StandInOptions } from './electron-stand-in.js';

/**
 * The stand-in as an ES module named `electron`: the resolve hook in electron-stand-in-hooks.ts maps
 * `import * as electron from 'electron'` (dist/electron/shell/main.js) here, so the real entry point runs
 * under Node. Options come from BERTH_ELECTRON_STAND_IN (JSON, see StandInOptions); the recordings are
 * reachable as `globalThis.berthElectronStandIn` (and as `standIn` for a module that imports this one).
 */
declare global {
  var berthElectronStandIn: ElectronStandIn | undefined;
}

const options = JSON.parse(process.env.BERTH_ELECTRON_STAND_IN ?? '{}') as StandInOptions;
export const standIn: ElectronStandIn = createElectronStandIn(options);
globalThis.berthElectronStandIn = standIn;

export const { app, BrowserWindow, Tray, Menu, Notification, ipcMain, protocol, shell, screen, nativeTheme } =
  standIn.electron;
