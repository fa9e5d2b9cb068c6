import * as electron from 'electron';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { runShell } from './app.js';

/**
 * The Electron entry point (package.json "main"). Everything happens in runShell, which tests run under
 * Node with a recording stand-in of `electron`; this file only reads the process.
 */
const { app } = electron;
const appRoot = app.getAppPath();
void runShell(electron, {
  platform: process.platform,
  env: process.env,
  argv: process.argv,
  homeDir: homedir(),
  execPath: process.execPath,
  appRoot,
  trayIconDir: app.isPackaged ? join(process.resourcesPath, 'tray') : join(appRoot, 'resources', 'tray'),
  appArgs: app.isPackaged ? [] : [appRoot],
}).catch((err: unknown) => {
  console.error(`Berth could not start: ${err instanceof Error ? err.message : String(err)}`);
  app.exit(1);
});
