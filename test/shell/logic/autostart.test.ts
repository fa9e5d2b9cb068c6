import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  autostartPath,
  buildAutostartDesktopEntry,
  loginItemSettingsFor,
  quoteExecArg,
} from '../../../electron/shell/logic/autostart.js';

test('desktop entry for a plain path', () => {
  assert.equal(
    buildAutostartDesktopEntry({ execPath: '/opt/Berth/berth', args: ['--hidden'], name: 'Berth' }),
    [
      '[Desktop Entry]',
      'Type=Application',
      'Version=1.0',
      'Name=Berth',
      'Comment=Watches listening ports and starts dev servers; started at login.',
      'Exec=/opt/Berth/berth --hidden',
      'Terminal=false',
      'X-GNOME-Autostart-enabled=true',
      'Hidden=false',
      'NoDisplay=false',
      '',
    ].join('\n'),
  );
});

test('Exec quotes paths with spaces and reserved characters, and escapes for both layers', () => {
  const entry = buildAutostartDesktopEntry({
    execPath: '/home/ann/My Apps/Berth.AppImage',
    args: ['--hidden', '--data=$HOME', '50%'],
    name: 'Berth',
  });
  const exec = entry.split('\n').find((l) => l.startsWith('Exec='));
  assert.equal(exec, 'Exec="/home/ann/My Apps/Berth.AppImage" --hidden "--data=\\\\$HOME" 50%%');
});

test('quoteExecArg per the Desktop Entry spec', () => {
  assert.deepEqual(['plain', '', 'a b', 'say "hi"', 'back\\slash', 'tick`', "it's", 'a\tb', '100%'].map(quoteExecArg), [
    'plain',
    '""',
    '"a b"',
    // quote rule: \" ; then the string rule doubles that backslash
    '"say \\\\"hi\\\\""',
    // a literal backslash in a quoted argument is four backslashes (spec, "The Exec key")
    '"back\\\\\\\\slash"',
    '"tick\\\\`"',
    '"it\'s"',
    '"a\\tb"',
    '100%%',
  ]);
});

test('autostart path: XDG_CONFIG_HOME when absolute, else ~/.config', () => {
  assert.deepEqual(
    [
      autostartPath('/home/ann/.cfg', '/home/ann'),
      autostartPath('/home/ann/.cfg/', '/home/ann'),
      autostartPath(undefined, '/home/ann'),
      autostartPath('', '/home/ann/'),
      autostartPath('relative/cfg', '/home/ann'),
    ],
    [
      '/home/ann/.cfg/autostart/berth.desktop',
      '/home/ann/.cfg/autostart/berth.desktop',
      '/home/ann/.config/autostart/berth.desktop',
      '/home/ann/.config/autostart/berth.desktop',
      '/home/ann/.config/autostart/berth.desktop',
    ],
  );
});

test('login item settings per platform', () => {
  const platforms = ['darwin', 'win32', 'linux'] as const;
  assert.deepEqual(
    platforms.map((p) => [loginItemSettingsFor(p, true), loginItemSettingsFor(p, false)]),
    [
      [{ openAtLogin: true }, { openAtLogin: false }],
      [
        { openAtLogin: true, args: ['--hidden'] },
        { openAtLogin: false, args: ['--hidden'] },
      ],
      [null, null],
    ],
  );
});
