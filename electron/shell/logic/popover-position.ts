import type { Rectangle, Size } from 'electron';

/** The window's size as a tray popover; the user may resize it, the shell then passes the new size. */
export const DEFAULT_POPOVER_SIZE: Readonly<Size> = { width: 420, height: 560 };
/** Space between the window and the tray icon or the work area's edges. */
export const POPOVER_MARGIN = 8;

export type PanelEdge = 'top' | 'bottom' | 'left' | 'right';

export type PopoverPlacement = Readonly<{
  /** `tray.getBounds()`: all zero where the OS does not say (most Linux tray hosts). */
  trayBounds: Readonly<Rectangle>;
  /** `screen.getDisplayMatching(trayBounds).workArea`: the display minus menu bar, taskbar or panels. */
  workArea: Readonly<Rectangle>;
  /** `display.bounds`, optional: lets a Linux panel's edge be told from the gap it leaves in the work area. */
  displayBounds?: Readonly<Rectangle>;
  size?: Readonly<Size>;
  platform: NodeJS.Platform;
}>;

function isEmpty(r: Readonly<Rectangle>): boolean {
  return r.width <= 0 && r.height <= 0;
}

/**
 * Which screen edge the tray sits on. macOS: always the menu bar at the top. Elsewhere the taskbar can be
 * on any edge: the tray icon lies outside the work area on that side; an auto-hidden taskbar overlaps the
 * work area, so then the nearest edge wins.
 */
export function findPanelEdge(
  trayBounds: Readonly<Rectangle>,
  workArea: Readonly<Rectangle>,
  platform: NodeJS.Platform,
): PanelEdge {
  if (platform === 'darwin') return 'top';
  const cx = trayBounds.x + trayBounds.width / 2;
  const cy = trayBounds.y + trayBounds.height / 2;
  const distances: [PanelEdge, number][] = [
    ['bottom', workArea.y + workArea.height - cy],
    ['top', cy - workArea.y],
    ['right', workArea.x + workArea.width - cx],
    ['left', cx - workArea.x],
  ];
  return distances.reduce((best, next) => (next[1] < best[1] ? next : best))[0];
}

/** The edge a panel takes from the display, when the tray does not say where it is. */
function guessPanelEdge(
  workArea: Readonly<Rectangle>,
  display: Readonly<Rectangle> | undefined,
  platform: NodeJS.Platform,
): PanelEdge {
  if (platform === 'darwin') return 'top';
  if (display && workArea.y > display.y) return 'top';
  return 'bottom';
}

function clamp(value: number, min: number, max: number): number {
  return Math.max(min, Math.min(value, max));
}

/**
 * Where the window opens: next to the tray icon, on the side away from the panel (below the macOS menu
 * bar, above a bottom taskbar, beside a side one), centred on the icon and kept inside the work area.
 * Without tray bounds it goes to the corner next to the panel. Integers, as `BrowserWindow.setBounds` wants.
 */
export function computePopoverBounds({
  trayBounds,
  workArea,
  displayBounds,
  size = DEFAULT_POPOVER_SIZE,
  platform,
}: PopoverPlacement): Rectangle {
  const m = POPOVER_MARGIN;
  const width = Math.max(0, Math.min(size.width, workArea.width - 2 * m));
  const height = Math.max(0, Math.min(size.height, workArea.height - 2 * m));
  const minX = workArea.x + m;
  const maxX = workArea.x + workArea.width - width - m;
  const minY = workArea.y + m;
  const maxY = workArea.y + workArea.height - height - m;

  let x: number;
  let y: number;
  if (isEmpty(trayBounds)) {
    x = maxX;
    y = guessPanelEdge(workArea, displayBounds, platform) === 'top' ? minY : maxY;
  } else {
    const cx = trayBounds.x + trayBounds.width / 2;
    const cy = trayBounds.y + trayBounds.height / 2;
    switch (findPanelEdge(trayBounds, workArea, platform)) {
      case 'top':
        [x, y] = [cx - width / 2, trayBounds.y + trayBounds.height + m];
        break;
      case 'bottom':
        [x, y] = [cx - width / 2, trayBounds.y - height - m];
        break;
      case 'left':
        [x, y] = [trayBounds.x + trayBounds.width + m, cy - height / 2];
        break;
      case 'right':
        [x, y] = [trayBounds.x - width - m, cy - height / 2];
        break;
    }
  }
  return { x: Math.round(clamp(x, minX, maxX)), y: Math.round(clamp(y, minY, maxY)), width, height };
}
