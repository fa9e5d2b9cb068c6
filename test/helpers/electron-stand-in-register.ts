import { register } from 'node:module';
import { standIn } from './electron-stand-in-module.js';
import type { DriverReply, DriverRequest } from './electron-stand-in-driver.js';
import { answer } from './electron-stand-in-driver.js';

/**
 * `node --import dist/test/helpers/electron-stand-in-register.js dist/electron/shell/main.js`: the real
 * entry point gets the recording stand-in for `electron` (hooks in electron-stand-in-hooks.ts). When the
 * process has an IPC channel (a test spawned it), the test reads the recordings and plays Electron's part
 * (a menu click, an app event, an IPC message from the window) through electron-stand-in-driver.ts.
 */
register('./electron-stand-in-hooks.js', import.meta.url);

if (process.send !== undefined) {
  process.on('message', (message: DriverRequest) => {
    void answer(standIn, message).then((reply: DriverReply) => process.send?.(reply));
  });
}
