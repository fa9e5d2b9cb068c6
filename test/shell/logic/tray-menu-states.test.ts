import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTrayMenu, LISTENER_CAP, type TrayItem } from '../../../electron/shell/logic/tray-menu.js';
import { instance, listener, profile, snapshot } from '../snapshots.js';
import { freeRow, head, nothingListening, PLATFORMS, refusedRow, startRow, tail } from './tray-menu-items.js';

/** A profile's newest run that crashed or failed: Start again and Show logs, no Stop, Open disabled. */
function endedItem(name: string, port: number, status: 'crashed' | 'failed'): TrayItem {
  const id = `${name}-1`;
  return {
    id: `instance:${id}`,
    type: 'submenu',
    label: `${name} :${port} ${status}`,
    enabled: true,
    submenu: [
      {
        id: `instance:${id}:open`,
        type: 'normal',
        label: 'Open in browser',
        enabled: false,
        action: { shell: 'open-url', url: `http://localhost:${port}` },
      },
      {
        id: `instance:${id}:restart`,
        type: 'normal',
        label: 'Start again',
        enabled: true,
        action: { command: 'instances.start', request: { target: name } },
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

const ended = (name: string, port: number, status: 'crashed' | 'failed') =>
  instance(name, port, { status, pid: null, endedAt: 2000, exitCode: 1, message: 'It exited with code 1.' });

const OTHER_USER = "java (PID 77), another user's process; Berth may not stop it";
const SYSTEM = 'postgres (PID 900), systemd service; Berth does not stop it';
const UNSEEN = 'a process Berth cannot see, owned by another user (no permission to see the process)';

for (const platform of PLATFORMS) {
  test(`${platform}: a crash and a failure, whole menu: Start again and Show logs, not Stop; profiles offered`, () => {
    const s = snapshot({
      profiles: [profile('web', 3000), profile('api', 8000)],
      instances: [ended('web', 3000, 'crashed'), ended('api', 8000, 'failed')],
    });
    assert.deepEqual(buildTrayMenu(s, { startAtLogin: false }, platform, 'Berth: 2 servers crashed'), [
      ...head(platform, 'Berth: 2 servers crashed'),
      endedItem('api', 8000, 'failed'),
      endedItem('web', 3000, 'crashed'),
      { id: 'instances:sep', type: 'separator' },
      startRow('web', 3000),
      startRow('api', 8000),
      { id: 'profiles:sep', type: 'separator' },
      ...tail(platform, nothingListening),
    ]);
  });

  test(`${platform}: 50 listeners, whole menu: the user's own first, capped at ${LISTENER_CAP}, "and 20 more…"`, () => {
    const listeners = Array.from({ length: 50 }, (_, i) =>
      i % 2 === 0
        ? listener(20000 + i, { pid: 100 + i, process: 'sshd', holder: 'system', system: 'systemd service' })
        : listener(20000 + i, { pid: 100 + i, process: 'node' }),
    );
    const own = Array.from({ length: 25 }, (_, k) => freeRow('listening', 20001 + 2 * k, `node (PID ${101 + 2 * k})`));
    const system = Array.from({ length: LISTENER_CAP - 25 }, (_, k) =>
      refusedRow('listening', 20000 + 2 * k, `sshd (PID ${100 + 2 * k}), systemd service; Berth does not stop it`),
    );
    const more: TrayItem = {
      id: 'listening:more',
      type: 'normal',
      label: 'and 20 more…',
      enabled: true,
      action: { shell: 'show-window' },
    };
    assert.deepEqual(buildTrayMenu(snapshot({ listeners }), { startAtLogin: true }, platform, 'Berth: idle'), [
      ...head(platform, 'Berth: idle'),
      ...tail(platform, [...own, ...system, more], true),
    ]);
  });

  test(`${platform}: holders Berth may not stop (another user's, a system service, unseen), whole menu`, () => {
    const s = snapshot({
      settings: { watchedPorts: [9000, 5432, 9001, 8000] },
      listeners: [
        listener(9000, { pid: 77, process: 'java', user: 'bob', holder: 'other-user' }),
        listener(5432, {
          pid: 900,
          process: 'postgres',
          user: 'postgres',
          holder: 'system',
          system: 'systemd service',
        }),
        listener(9001, {
          pid: null,
          process: null,
          command: null,
          user: null,
          holder: 'unknown',
          reason: 'owned by another user (no permission to see the process)',
        }),
        listener(8000),
      ],
    });
    assert.deepEqual(buildTrayMenu(s, { startAtLogin: false }, platform, 'Berth: port 9000 is in use'), [
      ...head(platform, 'Berth: port 9000 is in use'),
      refusedRow('watched', 9000, OTHER_USER),
      refusedRow('watched', 5432, SYSTEM),
      refusedRow('watched', 9001, UNSEEN),
      freeRow('watched', 8000, 'python3 (PID 4120)'),
      { id: 'watched:sep', type: 'separator' },
      ...tail(platform, [
        freeRow('listening', 8000, 'python3 (PID 4120)'),
        refusedRow('listening', 9001, UNSEEN),
        refusedRow('listening', 9000, OTHER_USER),
        refusedRow('listening', 5432, SYSTEM),
      ]),
    ]);
  });

  test(`${platform}: a port shared by the user's process and another user's is not offered to free`, () => {
    const s = snapshot({
      listeners: [
        listener(7000, { address: '127.0.0.1' }),
        listener(7000, { address: '::1', family: 6, pid: 77, process: 'java', user: 'bob', holder: 'other-user' }),
      ],
    });
    assert.deepEqual(buildTrayMenu(s, { startAtLogin: false }, platform, 's'), [
      ...head(platform, 's'),
      ...tail(platform, [
        refusedRow('listening', 7000, "python3 (PID 4120) and 1 more, another user's process; Berth may not stop it"),
      ]),
    ]);
  });
}
