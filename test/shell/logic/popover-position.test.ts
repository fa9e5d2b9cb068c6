import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Rectangle } from 'electron';
import { computePopoverBounds, findPanelEdge } from '../../../electron/shell/logic/popover-position.js';

const rect = (x: number, y: number, width: number, height: number): Rectangle => ({ x, y, width, height });
const none = rect(0, 0, 0, 0);

test('macOS: below the menu bar icon, centred on it, kept inside the work area (second: clamped at the right)', () => {
  const workArea = rect(0, 25, 1440, 875);
  assert.deepEqual(
    [
      computePopoverBounds({ trayBounds: rect(1200, 0, 22, 24), workArea, platform: 'darwin' }),
      computePopoverBounds({ trayBounds: rect(1400, 0, 22, 24), workArea, platform: 'darwin' }),
      computePopoverBounds({
        trayBounds: rect(900, 0, 22, 24),
        workArea,
        platform: 'darwin',
        size: { width: 500, height: 600 },
      }),
    ],
    [rect(1001, 33, 420, 560), rect(1012, 33, 420, 560), rect(661, 33, 500, 600)],
  );
});

test('Windows: taskbar at the bottom, top, left or right (side taskbars: clamped vertically)', () => {
  assert.deepEqual(
    [
      computePopoverBounds({
        trayBounds: rect(1500, 1048, 24, 24),
        workArea: rect(0, 0, 1920, 1040),
        platform: 'win32',
      }),
      computePopoverBounds({ trayBounds: rect(1500, 8, 24, 24), workArea: rect(0, 40, 1920, 1040), platform: 'win32' }),
      computePopoverBounds({
        trayBounds: rect(18, 1000, 24, 24),
        workArea: rect(60, 0, 1860, 1080),
        platform: 'win32',
      }),
      computePopoverBounds({
        trayBounds: rect(1878, 1000, 24, 24),
        workArea: rect(0, 0, 1860, 1080),
        platform: 'win32',
      }),
    ],
    [rect(1302, 472, 420, 560), rect(1302, 48, 420, 560), rect(68, 512, 420, 560), rect(1432, 512, 420, 560)],
  );
});

test('auto-hidden taskbar: the tray overlaps the work area, the nearest edge wins', () => {
  assert.deepEqual(
    computePopoverBounds({ trayBounds: rect(1500, 1050, 24, 24), workArea: rect(0, 0, 1920, 1080), platform: 'win32' }),
    rect(1302, 482, 420, 560),
  );
});

test('a display left of the primary one (negative coordinates)', () => {
  assert.deepEqual(
    computePopoverBounds({
      trayBounds: rect(-220, 1048, 24, 24),
      workArea: rect(-1920, 0, 1920, 1040),
      platform: 'win32',
    }),
    rect(-428, 472, 420, 560),
  );
});

test('no tray bounds (most Linux tray hosts): the corner next to the panel', () => {
  assert.deepEqual(
    [
      computePopoverBounds({ trayBounds: none, workArea: rect(0, 0, 1920, 1080), platform: 'linux' }),
      computePopoverBounds({
        trayBounds: none,
        workArea: rect(0, 27, 1920, 1053),
        displayBounds: rect(0, 0, 1920, 1080),
        platform: 'linux',
      }),
      computePopoverBounds({ trayBounds: none, workArea: rect(0, 0, 1920, 1040), platform: 'win32' }),
      computePopoverBounds({ trayBounds: none, workArea: rect(0, 25, 1440, 875), platform: 'darwin' }),
    ],
    [rect(1492, 512, 420, 560), rect(1492, 35, 420, 560), rect(1492, 472, 420, 560), rect(1012, 33, 420, 560)],
  );
});

test('a work area smaller than the window shrinks it to fit', () => {
  assert.deepEqual(
    computePopoverBounds({ trayBounds: none, workArea: rect(0, 0, 400, 500), platform: 'linux' }),
    rect(8, 8, 384, 484),
  );
});

test('the same tray bounds per platform: only macOS ignores the side, its menu bar is always on top', () => {
  const trayBounds = rect(1878, 500, 24, 24);
  const workArea = rect(0, 0, 1860, 1080);
  assert.deepEqual(
    (['darwin', 'win32', 'linux'] as const).map((platform) => [
      findPanelEdge(trayBounds, workArea, platform),
      computePopoverBounds({ trayBounds, workArea, platform }),
    ]),
    [
      ['top', rect(1432, 512, 420, 560)],
      ['right', rect(1432, 232, 420, 560)],
      ['right', rect(1432, 232, 420, 560)],
    ],
  );
});
