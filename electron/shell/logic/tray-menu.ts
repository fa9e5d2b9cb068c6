import type { CommandName } from '../../contract/commands.js';
import type { InstanceView, ListenerView, Snapshot } from '../../contract/views.js';
import { isActive } from '../../contract/views.js';
import { describeListeners, instanceLabel, latestPerProfile, refusalReason } from './tray-labels.js';

/** What the shell does itself (no contract command): windows, the browser, the login item, quitting. */
export type ShellAction =
  | Readonly<{
      shell: 'show-window';
      focus?: Readonly<{ port?: number; profile?: string; instance?: string; logs?: boolean }>;
    }>
  | Readonly<{ shell: 'open-url'; url: string }>
  | Readonly<{ shell: 'toggle-start-at-login' }>
  | Readonly<{ shell: 'quit' }>;
export type CommandAction = Readonly<{ command: CommandName; request: Readonly<Record<string, unknown>> }>;
export type TrayAction = CommandAction | ShellAction;

/** One menu item as plain data: the shell turns it into a MenuItemConstructorOptions with a click handler. */
export type TrayItem = Readonly<{
  id: string;
  type: 'normal' | 'separator' | 'submenu' | 'checkbox';
  label?: string;
  enabled?: boolean;
  checked?: boolean;
  submenu?: readonly TrayItem[];
  action?: TrayAction;
}>;

export type TrayShellState = Readonly<{ startAtLogin: boolean }>;

/** The "Listening ports" submenu shows at most this many rows; the rest are in the window. */
export const LISTENER_CAP = 30;
/** Profiles beyond this many are started from the window. */
export const PROFILE_CAP = 20;

const sep = (id: string): TrayItem => ({ id, type: 'separator' });
const showMore = (id: string, n: number): TrayItem => ({
  id,
  type: 'normal',
  label: `and ${n} more…`,
  enabled: true,
  action: { shell: 'show-window' },
});

function instanceItem(i: InstanceView): TrayItem {
  const active = isActive(i);
  const submenu: TrayItem[] = [
    {
      id: `instance:${i.id}:open`,
      type: 'normal',
      label: 'Open in browser',
      enabled: i.status === 'ready' && i.url !== null,
      ...(i.url !== null ? { action: { shell: 'open-url', url: i.url } } : {}),
    },
    {
      id: `instance:${i.id}:restart`,
      type: 'normal',
      label: active ? 'Restart' : 'Start again',
      enabled: true,
      action: active
        ? { command: 'instances.restart', request: { target: i.id } }
        : { command: 'instances.start', request: { target: i.profile } },
    },
  ];
  if (active)
    submenu.push({
      id: `instance:${i.id}:stop`,
      type: 'normal',
      label: 'Stop',
      enabled: i.status !== 'stopping',
      action: { command: 'instances.stop', request: { target: i.id } },
    });
  submenu.push({
    id: `instance:${i.id}:logs`,
    type: 'normal',
    label: 'Show logs',
    enabled: true,
    action: { shell: 'show-window', focus: { instance: i.id, logs: true } },
  });
  return { id: `instance:${i.id}`, type: 'submenu', label: instanceLabel(i), enabled: true, submenu };
}

function profileItems(s: Snapshot, running: ReadonlySet<string>): TrayItem[] {
  const idle = s.profiles.filter((p) => !running.has(p.name));
  const items = idle.slice(0, PROFILE_CAP).map((p): TrayItem => {
    const spec = p.ports[0];
    const port = spec?.sticky ?? spec?.preferred;
    return {
      id: `profile:${p.name}:start`,
      type: 'normal',
      label: port !== undefined ? `Start ${p.name} (:${port})` : `Start ${p.name}`,
      enabled: true,
      action: { command: 'instances.start', request: { target: p.name } },
    };
  });
  if (idle.length > PROFILE_CAP) items.push(showMore('profiles:more', idle.length - PROFILE_CAP));
  return items;
}

/** "Free port 8000: python3 (PID 4120)", "Port 8000 is free", or why Berth will not stop the holder. */
function portItem(
  id: string,
  port: number,
  holders: readonly ListenerView[],
  prefix: 'watched' | 'listening',
): TrayItem {
  if (holders.length === 0) return { id, type: 'normal', label: `Port ${port} is free`, enabled: false };
  const who = describeListeners(holders);
  const refusal = refusalReason(holders);
  if (refusal !== null) return { id, type: 'normal', label: `Port ${port}: ${who}, ${refusal}`, enabled: false };
  const label = prefix === 'watched' ? `Free port ${port}: ${who}` : `Free ${port}: ${who}`;
  return { id, type: 'normal', label, enabled: true, action: { command: 'ports.free', request: { port } } };
}

/** User-stoppable holders first (the user's own, then Berth's), then the rest; by port within each. */
const RANK: Readonly<Record<ListenerView['holder'], number>> = {
  user: 0,
  orphan: 1,
  instance: 2,
  unknown: 3,
  'other-user': 4,
  system: 5,
};

function listenerItems(listeners: readonly ListenerView[]): TrayItem[] {
  const byPort = new Map<number, ListenerView[]>();
  for (const l of listeners) byPort.set(l.port, [...(byPort.get(l.port) ?? []), l]);
  const rows = [...byPort.entries()].map(([port, ls]) => ({
    port,
    ls,
    rank: Math.max(...ls.map((l) => RANK[l.holder])),
  }));
  rows.sort((a, b) => a.rank - b.rank || a.port - b.port);
  const items = rows.slice(0, LISTENER_CAP).map((r) => portItem(`listening:${r.port}`, r.port, r.ls, 'listening'));
  if (rows.length > LISTENER_CAP) items.push(showMore('listening:more', rows.length - LISTENER_CAP));
  if (rows.length === 0)
    items.push({ id: 'listening:none', type: 'normal', label: 'Nothing is listening', enabled: false });
  return items;
}

/**
 * The whole tray menu as data with stable ids (issue 12 §2). Every action is here, because on Linux the
 * tray's click event is never emitted when an app indicator is used (Electron docs, Tray "Platform
 * limitations"): the menu is the only way in. `statusLine` (the tooltip text) leads the Linux menu
 * because app indicators show no tooltip.
 */
export function buildTrayMenu(
  snapshot: Snapshot,
  shell: TrayShellState,
  platform: NodeJS.Platform,
  statusLine?: string,
): TrayItem[] {
  const items: TrayItem[] = [];
  if (platform === 'linux' && statusLine !== undefined)
    items.push({ id: 'status', type: 'normal', label: statusLine, enabled: false }, sep('status:sep'));
  const active = snapshot.instances.filter(isActive);
  const running = new Set(active.map((i) => i.profile));
  // A profile whose newest run crashed or failed stays in the menu (with Start again) until it runs again.
  const ended = latestPerProfile(snapshot.instances).filter(
    (i) => !running.has(i.profile) && (i.status === 'crashed' || i.status === 'failed'),
  );
  const shown = [...active, ...ended].sort((a, b) => a.profile.localeCompare(b.profile) || a.startedAt - b.startedAt);
  if (shown.length > 0) items.push(...shown.map(instanceItem), sep('instances:sep'));
  const profiles = profileItems(snapshot, running);
  if (profiles.length > 0) items.push(...profiles, sep('profiles:sep'));
  const watched = snapshot.settings.watchedPorts;
  if (watched.length > 0) {
    items.push(
      ...watched.map((port) =>
        portItem(
          `watched:${port}`,
          port,
          snapshot.listeners.filter((l) => l.port === port),
          'watched',
        ),
      ),
      sep('watched:sep'),
    );
  }
  items.push(
    {
      id: 'listening',
      type: 'submenu',
      label: 'Listening ports',
      enabled: true,
      submenu: listenerItems(snapshot.listeners),
    },
    sep('app:sep'),
    { id: 'show', type: 'normal', label: 'Show Berth', enabled: true, action: { shell: 'show-window' } },
    {
      id: 'start-at-login',
      type: 'checkbox',
      label: 'Start at login',
      enabled: true,
      checked: shell.startAtLogin,
      action: { shell: 'toggle-start-at-login' },
    },
    sep('quit:sep'),
    {
      id: 'quit',
      type: 'normal',
      label: platform === 'darwin' ? 'Quit Berth' : platform === 'win32' ? 'Exit' : 'Quit',
      enabled: true,
      action: { shell: 'quit' },
    },
  );
  return items;
}

export function isCommandAction(a: TrayAction): a is CommandAction {
  return 'command' in a;
}
