import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  chooseTrayIcon,
  expectTrayHost,
  trayIconFile,
  TOOLTIP_MAX,
  type TrayState,
} from '../../../electron/shell/logic/tray-icon.js';
import { fellBack, instance, listener, notice, snapshot } from '../snapshots.js';

const trayDir = fileURLToPath(new URL('../../../../resources/tray/', import.meta.url));

test('idle, running (count), conflict and crash, with the tooltip saying why', () => {
  assert.deepEqual(chooseTrayIcon(snapshot(), 'darwin'), {
    state: 'idle',
    icon: 'mac/tray-idleTemplate.png',
    tooltip: 'Berth: no servers running',
  });
  assert.deepEqual(
    chooseTrayIcon(snapshot({ instances: [instance('web', 3000), instance('api', 8000, { id: 'api-1' })] }), 'linux'),
    {
      state: 'running',
      icon: 'linux/tray-running-on-dark.png',
      tooltip: 'Berth: 2 servers running',
    },
  );
  assert.deepEqual(chooseTrayIcon(snapshot({ instances: [fellBack('web', 3000, 3001)] }), 'win32', false), {
    state: 'conflict',
    icon: 'win/tray-conflict-on-light.ico',
    tooltip: 'Berth: port 3000 is held by python3 · 1 server running',
  });
  assert.deepEqual(
    chooseTrayIcon(snapshot({ settings: { watchedPorts: [8000] }, listeners: [listener(8000)] }), 'darwin'),
    {
      state: 'conflict',
      icon: 'mac/tray-conflictTemplate.png',
      tooltip: 'Berth: port 8000 is in use by python3 (PID 4120)',
    },
  );
  const crashed = snapshot({
    instances: [instance('web', 3000, { status: 'crashed' }), instance('api', 8000, { id: 'api-1' })],
    notices: [notice('n1', 'x'), notice('n2', 'y')],
  });
  assert.deepEqual(chooseTrayIcon(crashed, 'darwin'), {
    state: 'crash',
    icon: 'mac/tray-crashTemplate.png',
    tooltip: 'Berth: web crashed · 1 server running · 2 notices',
  });
});

test('a crash that was followed by a new run of the same profile no longer shows', () => {
  const s = snapshot({
    instances: [
      instance('web', 3000, { status: 'crashed', startedAt: 1 }),
      instance('web', 3000, { id: 'web-2', startedAt: 2 }),
    ],
  });
  assert.equal(chooseTrayIcon(s, 'linux').state, 'running');
});

test("Berth's own instance on a watched port is no conflict", () => {
  const s = snapshot({
    settings: { watchedPorts: [3000] },
    instances: [instance('web', 3000)],
    listeners: [listener(3000, { holder: 'instance', profile: 'web' })],
  });
  assert.equal(chooseTrayIcon(s, 'darwin').state, 'running');
});

test('the tooltip fits Windows (127 characters)', () => {
  const s = snapshot({
    instances: [
      fellBack('a'.repeat(60), 3000, 3001, {
        allocation: [
          {
            name: 'PORT',
            preferred: 3000,
            assigned: 3001,
            source: 'preferred',
            attempts: [],
            heldBy: [{ pid: 1, process: 'p'.repeat(200), command: null }],
          },
        ],
      }),
    ],
  });
  assert.equal(chooseTrayIcon(s, 'win32').tooltip.length, TOOLTIP_MAX);
});

test('every icon file chosen exists in resources/tray', () => {
  const states: TrayState[] = ['idle', 'running', 'conflict', 'crash'];
  for (const platform of ['darwin', 'win32', 'linux'] as const)
    for (const state of states)
      for (const dark of [true, false])
        assert.ok(existsSync(trayDir + trayIconFile(state, platform, dark)), trayIconFile(state, platform, dark));
});

test('a tray host is expected except on plain GNOME; BERTH_TRAY overrides', () => {
  assert.equal(expectTrayHost('darwin', {}), true);
  assert.equal(expectTrayHost('win32', { BERTH_TRAY: '1' }), true);
  assert.equal(expectTrayHost('linux', { XDG_CURRENT_DESKTOP: 'KDE' }), true);
  assert.equal(expectTrayHost('linux', { XDG_CURRENT_DESKTOP: 'GNOME' }), false);
  assert.equal(expectTrayHost('linux', { XDG_CURRENT_DESKTOP: 'ubuntu:GNOME' }), true);
  assert.equal(expectTrayHost('linux', { XDG_CURRENT_DESKTOP: 'GNOME', BERTH_TRAY: '1' }), true);
  assert.equal(expectTrayHost('darwin', { BERTH_TRAY: '0' }), false);
});

test("a second instance that fell back past the profile's own first one is no conflict", () => {
  const own = instance('web', 3000, { id: 'web-1' });
  const second = fellBack('web', 3000, 3001, {
    id: 'web-2',
    allocation: [
      {
        name: 'PORT',
        preferred: 3000,
        assigned: 3001,
        source: 'preferred',
        attempts: [],
        heldBy: [{ pid: 4120, process: 'node', command: 'node server.js', instance: 'web-1', profile: 'web' }],
      },
    ],
  });
  const choice = chooseTrayIcon(snapshot({ instances: [own, second] }), 'linux');
  assert.deepEqual([choice.state, choice.tooltip], ['running', 'Berth: 2 servers running']);
});
