import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTrayMenu, LISTENER_CAP, type TrayItem } from '../../../electron/shell/logic/tray-menu.js';
import { fellBack, instance, listener, profile, snapshot } from '../snapshots.js';

const PLATFORMS = ['darwin', 'win32', 'linux'] as const;
const QUIT = { darwin: 'Quit Berth', win32: 'Exit', linux: 'Quit' } as const;

function tail(platform: (typeof PLATFORMS)[number], listening: TrayItem[], startAtLogin = false): TrayItem[] {
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
const head = (platform: string, status: string): TrayItem[] =>
  platform === 'linux'
    ? [
        { id: 'status', type: 'normal', label: status, enabled: false },
        { id: 'status:sep', type: 'separator' },
      ]
    : [];
const nothingListening: TrayItem[] = [
  { id: 'listening:none', type: 'normal', label: 'Nothing is listening', enabled: false },
];

function webItem(port: number, status = 'ready', id = 'web-1'): TrayItem {
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

for (const platform of PLATFORMS) {
  test(`${platform}: nothing running, one saved profile`, () => {
    const s = snapshot({ profiles: [profile('api', 8000)] });
    assert.deepEqual(buildTrayMenu(s, { startAtLogin: true }, platform, 'Berth: no servers running'), [
      ...head(platform, 'Berth: no servers running'),
      {
        id: 'profile:api:start',
        type: 'normal',
        label: 'Start api (:8000)',
        enabled: true,
        action: { command: 'instances.start', request: { target: 'api' } },
      },
      { id: 'profiles:sep', type: 'separator' },
      ...tail(platform, nothingListening, true),
    ]);
  });

  test(`${platform}: an instance running (pushed off 3000 by a conflict) and another profile saved`, () => {
    const s = snapshot({
      profiles: [
        profile('web', 3000),
        profile('api', 8000, { ports: [{ name: 'PORT', preferred: 8000, sticky: 8001 }] }),
      ],
      instances: [fellBack('web', 3000, 3001)],
      listeners: [
        listener(3000),
        listener(3001, { pid: 5000, process: 'node', holder: 'instance', profile: 'web', instance: 'web-1' }),
      ],
    });
    assert.deepEqual(buildTrayMenu(s, { startAtLogin: false }, platform, 'status'), [
      ...head(platform, 'status'),
      webItem(3001),
      { id: 'instances:sep', type: 'separator' },
      {
        id: 'profile:api:start',
        type: 'normal',
        label: 'Start api (:8001)',
        enabled: true,
        action: { command: 'instances.start', request: { target: 'api' } },
      },
      { id: 'profiles:sep', type: 'separator' },
      ...tail(platform, [
        {
          id: 'listening:3000',
          type: 'normal',
          label: 'Free 3000: python3 (PID 4120)',
          enabled: true,
          action: { command: 'ports.free', request: { port: 3000 } },
        },
        {
          id: 'listening:3001',
          type: 'normal',
          label: 'Free 3001: web (Berth)',
          enabled: true,
          action: { command: 'ports.free', request: { port: 3001 } },
        },
      ]),
    ]);
  });

  test(`${platform}: a crashed server offers Start again and Show logs, not Stop`, () => {
    const s = snapshot({
      profiles: [profile('web', 3000)],
      instances: [
        instance('web', 3000, { status: 'crashed', pid: null, endedAt: 2000, message: 'It exited with code 1.' }),
      ],
    });
    assert.deepEqual(buildTrayMenu(s, { startAtLogin: false }, platform).slice(0, 2), [
      {
        id: 'instance:web-1',
        type: 'submenu',
        label: 'web :3000 crashed',
        enabled: true,
        submenu: [
          {
            id: 'instance:web-1:open',
            type: 'normal',
            label: 'Open in browser',
            enabled: false,
            action: { shell: 'open-url', url: 'http://localhost:3000' },
          },
          {
            id: 'instance:web-1:restart',
            type: 'normal',
            label: 'Start again',
            enabled: true,
            action: { command: 'instances.start', request: { target: 'web' } },
          },
          {
            id: 'instance:web-1:logs',
            type: 'normal',
            label: 'Show logs',
            enabled: true,
            action: { shell: 'show-window', focus: { instance: 'web-1', logs: true } },
          },
        ],
      },
      { id: 'instances:sep', type: 'separator' },
    ]);
  });

  test(`${platform}: watched ports busy, free, and held by a system service`, () => {
    const s = snapshot({
      settings: { watchedPorts: [8000, 8080, 5432] },
      listeners: [
        listener(8000),
        listener(5432, {
          pid: 900,
          process: 'postgres',
          user: 'postgres',
          holder: 'system',
          system: 'systemd service',
        }),
      ],
    });
    assert.deepEqual(buildTrayMenu(s, { startAtLogin: false }, platform, 's'), [
      ...head(platform, 's'),
      {
        id: 'watched:8000',
        type: 'normal',
        label: 'Free port 8000: python3 (PID 4120)',
        enabled: true,
        action: { command: 'ports.free', request: { port: 8000 } },
      },
      { id: 'watched:8080', type: 'normal', label: 'Port 8080 is free', enabled: false },
      {
        id: 'watched:5432',
        type: 'normal',
        label: 'Port 5432: postgres (PID 900), systemd service; Berth does not stop it',
        enabled: false,
      },
      { id: 'watched:sep', type: 'separator' },
      ...tail(platform, [
        {
          id: 'listening:8000',
          type: 'normal',
          label: 'Free 8000: python3 (PID 4120)',
          enabled: true,
          action: { command: 'ports.free', request: { port: 8000 } },
        },
        {
          id: 'listening:5432',
          type: 'normal',
          label: 'Port 5432: postgres (PID 900), systemd service; Berth does not stop it',
          enabled: false,
        },
      ]),
    ]);
  });

  test(`${platform}: another user's process and an unseen holder are shown with the reason`, () => {
    const s = snapshot({
      listeners: [
        listener(9000, { pid: 77, process: 'java', user: 'bob', holder: 'other-user' }),
        listener(9001, {
          pid: null,
          process: null,
          command: null,
          user: null,
          holder: 'unknown',
          reason: 'owned by another user (no permission to see the process)',
        }),
      ],
    });
    const listening = buildTrayMenu(s, { startAtLogin: false }, platform).find((i) => i.id === 'listening')!;
    assert.deepEqual(listening.submenu, [
      {
        id: 'listening:9001',
        type: 'normal',
        label: 'Port 9001: a process Berth cannot see, owned by another user (no permission to see the process)',
        enabled: false,
      },
      {
        id: 'listening:9000',
        type: 'normal',
        label: "Port 9000: java (PID 77), another user's process; Berth may not stop it",
        enabled: false,
      },
    ]);
  });

  test(`${platform}: 50 listeners: the user's own first, capped at ${LISTENER_CAP} with "and N more…"`, () => {
    const listeners = Array.from({ length: 50 }, (_, i) =>
      i % 2 === 0
        ? listener(20000 + i, { pid: 100 + i, process: 'sshd', holder: 'system', system: 'systemd service' })
        : listener(20000 + i, { pid: 100 + i, process: 'node' }),
    );
    const sub = buildTrayMenu(snapshot({ listeners }), { startAtLogin: false }, platform).find(
      (i) => i.id === 'listening',
    )!.submenu!;
    assert.equal(sub.length, LISTENER_CAP + 1);
    assert.deepEqual(
      sub.slice(0, 25).map((i) => i.label),
      Array.from({ length: 25 }, (_, k) => `Free ${20001 + 2 * k}: node (PID ${101 + 2 * k})`),
    );
    assert.deepEqual(sub[25], {
      id: 'listening:20000',
      type: 'normal',
      label: 'Port 20000: sshd (PID 100), systemd service; Berth does not stop it',
      enabled: false,
    });
    assert.deepEqual(sub[LISTENER_CAP], {
      id: 'listening:more',
      type: 'normal',
      label: 'and 20 more…',
      enabled: true,
      action: { shell: 'show-window' },
    });
  });
}

test('the menu is plain data: JSON round-trips it unchanged (no functions inside)', () => {
  const s = snapshot({
    profiles: [profile('api', 8000)],
    instances: [instance('web', 3000)],
    listeners: [listener(8000)],
    settings: { watchedPorts: [8000] },
  });
  const menu = buildTrayMenu(s, { startAtLogin: true }, 'linux', 'x');
  assert.deepEqual(JSON.parse(JSON.stringify(menu)), menu);
});

test('ids are stable: the same state gives the same menu, a status change keeps every id', () => {
  const a = buildTrayMenu(
    snapshot({ instances: [instance('web', 3000, { status: 'starting' })] }),
    { startAtLogin: false },
    'darwin',
  );
  const b = buildTrayMenu(snapshot({ instances: [instance('web', 3000)] }), { startAtLogin: false }, 'darwin');
  const ids = (m: readonly TrayItem[]): string[] => m.flatMap((i) => [i.id, ...ids(i.submenu ?? [])]);
  assert.deepEqual(ids(a), ids(b));
  assert.notDeepEqual(a, b);
});
