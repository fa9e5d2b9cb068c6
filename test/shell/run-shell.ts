import { join } from 'node:path';
import { runShell } from '../../electron/shell/app.js';
import { createElectronStandIn } from '../helpers/electron-stand-in.js';
import { repoRoot } from '../helpers/shell-process.js';

/**
 * The real shell (runShell) under Node: the stand-in for `electron`, a real host engine, real processes.
 * BERTH_HOME is `<dir>/home` and XDG_CONFIG_HOME `<dir>/config`; `lines` is what the shell logged.
 */
export async function startShell(dir: string, platform: NodeJS.Platform = 'linux') {
  const standIn = createElectronStandIn();
  const lines: string[] = [];
  const shell = (await runShell(standIn.electron, {
    platform,
    env: { BERTH_HOME: join(dir, 'home'), XDG_CONFIG_HOME: join(dir, 'config'), BERTH_TRAY: '1', SHELL: '/bin/sh' },
    argv: [],
    homeDir: dir,
    execPath: process.execPath,
    appRoot: repoRoot,
    trayIconDir: join(repoRoot, 'resources', 'tray'),
    appArgs: [repoRoot],
    log: (l) => lines.push(l),
  }))!;
  return { standIn, shell, lines };
}
