import type { TrayItem } from '../../../electron/shell/logic/tray-menu.js';

/** Expected tray menu items, for the whole-menu literals in tray-menu*.test.ts. */

export const PLATFORMS = ['darwin', 'win32', 'linux'] as const;
export type Platform = (typeof PLATFORMS)[number];
const QUIT = { darwin: 'Quit Berth', win32: 'Exit', linux: 'Quit' } as const;

/** Every menu ends so: the Listening ports submenu, Show Berth, Start at login, Quit. */
export function tail(platform: Platform, listening: TrayItem[], startAtLogin = false): TrayItem[] {
  return [
    { id: 'listening', type: 'submenu', label: 'Listening ports', enabled: true, submenu: listening },
    { id: 'app:sep', type: 'separator' },
    { id: 'show', type: 'normal', label: 'Show Berth', enabled: true, action: { shell: 'show-window' } },
    {
      id: 'start-at-login',
      type: 'checkbox',
      label: 'Start at login',
      enabled: true,
      checked: startAtLogin,
      action: { shell: 'toggle-start-at-login' },
    },
    { id: 'quit:sep', type: 'separator' },
    { id: 'quit', type: 'normal', label: QUIT[platform], enabled: true, action: { shell: 'quit' } },
  ];
}

/** Linux menus start with the status line (app indicators show no tooltip). */
export const head = (platform: Platform, status: string): TrayItem[] =>
  platform === 'linux'
    ? [
        { id: 'status', type: 'normal', label: status, enabled: false },
        { id: 'status:sep', type: 'separator' },
      ]
    : [];

export const nothingListening: TrayItem[] = [
  { id: 'listening:none', type: 'normal', label: 'Nothing is listening', enabled: false },
];

/** A row Berth may free: "Free 3000: python3 (PID 4120)" (listening) or "Free port 3000: …" (watched). */
export const freeRow = (prefix: 'listening' | 'watched', port: number, who: string): TrayItem => ({
  id: `${prefix}:${port}`,
  type: 'normal',
  label: prefix === 'watched' ? `Free port ${port}: ${who}` : `Free ${port}: ${who}`,
  enabled: true,
  action: { command: 'ports.free', request: { port } },
});

/** A row Berth will not act on, with the reason in its label. */
export const refusedRow = (prefix: 'listening' | 'watched', port: number, text: string): TrayItem => ({
  id: `${prefix}:${port}`,
  type: 'normal',
  label: `Port ${port}: ${text}`,
  enabled: false,
});

export const startRow = (name: string, port: number): TrayItem => ({
  id: `profile:${name}:start`,
  type: 'normal',
  label: `Start ${name} (:${port})`,
  enabled: true,
  action: { command: 'instances.start', request: { target: name } },
});

/** A running instance's submenu: Open in browser, Restart, Stop, Show logs. */
export function webItem(port: number, status = 'ready', id = 'web-1'): TrayItem {
  return {
    id: `instance:${id}`,
    type: 'submenu',
    label: `web :${port} ${status}`,
    enabled: true,
    submenu: [
      {
        id: `instance:${id}:open`,
        type: 'normal',
        label: 'Open in browser',
        enabled: status === 'ready',
        action: { shell: 'open-url', url: `http://localhost:${port}` },
      },
      {
        id: `instance:${id}:restart`,
        type: 'normal',
        label: 'Restart',
        enabled: true,
        action: { command: 'instances.restart', request: { target: id } },
      },
      {
        id: `instance:${id}:stop`,
        type: 'normal',
        label: 'Stop',
        enabled: true,
        action: { command: 'instances.stop', request: { target: id } },
      },
      {
        id: `instance:${id}:logs`,
        type: 'normal',
        label: 'Show logs',
        enabled: true,
        action: { shell: 'show-window', focus: { instance: id, logs: true } },
      },
    ],
  };
}
