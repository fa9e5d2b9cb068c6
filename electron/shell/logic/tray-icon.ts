import type { Snapshot } from '../../contract/views.js';
import { isActive } from '../../contract/views.js';
import { describeListeners, latestPerProfile } from './tray-labels.js';

export type TrayState = 'idle' | 'running' | 'conflict' | 'crash';

export type TrayIconChoice = Readonly<{
  state: TrayState;
  /** Relative to the tray icon folder (`resources/tray`, or `<resources>/tray` when packaged). */
  icon: string;
  tooltip: string;
}>;

/** Windows cuts a notification-area tooltip at 127 characters (NOTIFYICONDATA.szTip is 128 wide). */
export const TOOLTIP_MAX = 127;

function clip(text: string): string {
  return text.length <= TOOLTIP_MAX ? text : `${text.slice(0, TOOLTIP_MAX - 1)}…`;
}

/**
 * Icon file per platform (resources/README.md): macOS template images (Electron treats a `Template`
 * suffix as a template image that follows the menu bar's appearance), Linux PNGs and Windows ICOs in a
 * light glyph for dark panels and a dark one for light panels.
 */
export function trayIconFile(state: TrayState, platform: NodeJS.Platform, darkPanel: boolean): string {
  if (platform === 'darwin') return `mac/tray-${state}Template.png`;
  const variant = darkPanel ? 'on-dark' : 'on-light';
  return platform === 'win32' ? `win/tray-${state}-${variant}.ico` : `linux/tray-${state}-${variant}.png`;
}

/**
 * What the icon says at a glance, most urgent first: a crash (the newest run of a profile crashed or
 * failed), a conflict (a running server was pushed off its preferred port, or a watched port is held by
 * another process), servers running (with the count), idle. Undismissed notices are counted in the tooltip.
 */
export function chooseTrayIcon(snapshot: Snapshot, platform: NodeJS.Platform, darkPanel = true): TrayIconChoice {
  const running = snapshot.instances.filter(isActive);
  const runningProfiles = new Set(running.map((i) => i.profile));
  const crashed = latestPerProfile(snapshot.instances).filter(
    (i) => !runningProfiles.has(i.profile) && (i.status === 'crashed' || i.status === 'failed'),
  );
  // A port held by one of Berth's own instances (a second `start --new`) is not a conflict.
  const fellBack = running.flatMap((i) =>
    i.allocation.filter(
      (a) =>
        a.heldBy !== null &&
        a.assigned !== a.preferred &&
        a.source !== 'override' &&
        a.heldBy.some((h) => h.instance === undefined),
    ),
  );
  const taken = snapshot.settings.watchedPorts
    .map((port) => ({
      port,
      holders: snapshot.listeners.filter((l) => l.port === port && l.holder !== 'instance' && l.holder !== 'orphan'),
    }))
    .filter((w) => w.holders.length > 0);

  const parts: string[] = [];
  let state: TrayState = 'idle';
  if (crashed.length > 0) {
    state = 'crash';
    parts.push(
      crashed.length === 1 ? `${crashed[0]!.profile} ${crashed[0]!.status}` : `${crashed.length} servers crashed`,
    );
  }
  if (fellBack.length > 0 || taken.length > 0) {
    if (state === 'idle') state = 'conflict';
    const first = fellBack[0];
    if (first !== undefined)
      parts.push(`port ${first.preferred} is held by ${first.heldBy![0]?.process ?? 'another process'}`);
    else parts.push(`port ${taken[0]!.port} is in use by ${describeListeners(taken[0]!.holders)}`);
  }
  if (running.length > 0) {
    if (state === 'idle') state = 'running';
    parts.push(running.length === 1 ? '1 server running' : `${running.length} servers running`);
  }
  if (parts.length === 0) parts.push('no servers running');
  const notices = snapshot.notices.length;
  if (notices > 0) parts.push(notices === 1 ? '1 notice' : `${notices} notices`);
  return { state, icon: trayIconFile(state, platform, darkPanel), tooltip: clip(`Berth: ${parts.join(' · ')}`) };
}

/**
 * Whether a tray icon will be visible. Linux has no API to ask; GNOME Shell shows neither the legacy
 * tray nor StatusNotifier items without an extension, so there the window must stay reachable (issue
 * 12 §2: without a tray the window stays visible and closing it quits). BERTH_TRAY=0/1 overrides.
 */
export function expectTrayHost(platform: NodeJS.Platform, env: Readonly<Record<string, string | undefined>>): boolean {
  if (env.BERTH_TRAY === '0') return false;
  if (env.BERTH_TRAY === '1' || platform !== 'linux') return true;
  const desktops = (env.XDG_CURRENT_DESKTOP ?? '').split(':').map((d) => d.toLowerCase());
  return !(desktops.includes('gnome') && !desktops.includes('unity') && !desktops.includes('ubuntu'));
}
