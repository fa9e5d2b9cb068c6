import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTrayMenu, type TrayItem } from '../../../electron/shell/logic/tray-menu.js';
import { fellBack, instance, listener, profile, snapshot } from '../snapshots.js';
import { head, nothingListening, PLATFORMS, tail, webItem } from './tray-menu-items.js';

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
