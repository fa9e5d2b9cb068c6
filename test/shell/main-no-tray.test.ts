import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { computePopoverBounds } from '../../electron/shell/logic/popover-position.js';
import { buildWindowOptions } from '../../electron/shell/logic/window-options.js';
import { STAND_IN_DISPLAY } from '../helpers/electron-stand-in.js';
import { createProcessTracker, waitFor } from '../helpers/processes.js';
import {
  exitWithin,
  firstScan,
  hostLockPid,
  launchShellProcess,
  repoRoot,
  shellEnv,
} from '../helpers/shell-process.js';
import { makeTempDir } from '../helpers/temp.js';

const whats = (calls: readonly { what: string }[]): string[] => calls.map((c) => c.what);
const skip = process.platform === 'linux' ? false : 'a missing tray host is a Linux case (expectTrayHost)';

/**
 * Linux without a tray host (issue 12 §2): the real main.js creates no tray, shows a normal window at
 * launch, and closing that window quits instead of leaving an invisible app. Both ways of getting there:
 * the BERTH_TRAY=0 override, and GNOME Shell (no tray without an extension).
 */
for (const [name, over] of [
  ['BERTH_TRAY=0', { BERTH_TRAY: '0' }],
  ['XDG_CURRENT_DESKTOP=GNOME', { BERTH_TRAY: undefined, XDG_CURRENT_DESKTOP: 'GNOME' }],
] as const) {
  test(
    `no tray host (${name}): no tray, the window is shown and stays; closing it quits and releases host.lock`,
    { skip, timeout: 60_000 },
    async (t) => {
      const tmp = makeTempDir();
      const procs = createProcessTracker();
      t.after(async () => {
        await procs.cleanup();
        tmp.remove();
      });
      const dataDir = join(tmp.dir, 'home');
      const shell = launchShellProcess(procs, { env: shellEnv(tmp.dir, over) });
      await waitFor(() => hostLockPid(dataDir) === shell.pid, 15_000);
      await waitFor(async () => (await shell.recordings()).windows[0]?.visible === true);
      await firstScan(shell);

      const rec = await shell.recordings();
      assert.deepEqual(rec.trays, []);
      assert.equal(
        whats(rec.calls).some((w) => w.startsWith('new Tray') || w.startsWith('tray.')),
        false,
      );
      // A normal framed window in the taskbar, where the primary display puts it (no tray bounds to follow).
      assert.deepEqual(
        rec.windows[0]!.options,
        buildWindowOptions({
          platform: 'linux',
          preloadPath: join(repoRoot, 'dist', 'preload', 'preload.cjs'),
          bounds: computePopoverBounds({
            trayBounds: { x: 0, y: 0, width: 0, height: 0 },
            workArea: STAND_IN_DISPLAY.workArea,
            displayBounds: STAND_IN_DISPLAY.bounds,
            platform: 'linux',
          }),
          dark: false,
        }),
      );
      assert.deepEqual(
        whats(rec.calls).filter((w) => w.startsWith('window.')),
        ['window.loadURL', 'window.show', 'window.focus'],
        'shown where it was created: no popover placement without a tray',
      );

      // Losing focus does not hide it.
      await shell.emit('window', 'blur');
      assert.equal((await shell.recordings()).windows[0]!.visible, true);

      // Closing is not turned into hiding: it quits the app.
      const closed = await shell.emit('window', 'close', { withEvent: true });
      assert.deepEqual(closed, { listeners: 1, defaultPrevented: false });
      await waitFor(async () => whats((await shell.recordings()).calls).includes('app.quit'), 20_000);
      const last = await shell.recordings();
      assert.equal(whats(last.calls).includes('window.hide'), false);
      assert.deepEqual(whats(last.calls).slice(-2), ['window.destroy', 'app.quit']);
      assert.equal(hostLockPid(dataDir), null, 'host.lock released');
      assert.match(shell.output(), /\[berth\] No servers were running\./);
      shell.disconnect();
      assert.deepEqual(await exitWithin(shell, 10_000), { code: 0, signal: null }, shell.output());
    },
  );
}
