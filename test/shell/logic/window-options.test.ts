import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildWindowOptions, CSP, isAllowedNavigation } from '../../../electron/shell/logic/window-options.js';

const bounds = { x: 1001, y: 33, width: 420, height: 560 };
const preloadPath = '/opt/Berth/resources/app.asar/dist/preload/preload.cjs';
const webPreferences = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
  navigateOnDragDrop: false,
  spellcheck: false,
  preload: preloadPath,
};
const common = {
  ...bounds,
  minWidth: 360,
  minHeight: 420,
  title: 'Berth',
  show: false,
  resizable: true,
  fullscreenable: false,
  autoHideMenuBar: true,
  backgroundColor: '#ffffff',
  webPreferences,
};
const popover = { frame: false, skipTaskbar: true, alwaysOnTop: true, maximizable: false, minimizable: false };

test('window options per platform: a popover on macOS and Windows, a normal window on Linux', () => {
  assert.deepEqual(
    (['darwin', 'win32', 'linux'] as const).map((platform) => buildWindowOptions({ platform, preloadPath, bounds })),
    [
      { ...common, ...popover },
      { ...common, ...popover },
      { ...common, frame: true, skipTaskbar: false, alwaysOnTop: false, maximizable: true, minimizable: true },
    ],
  );
});

test('dark mode only changes the background painted before the page', () => {
  const light = buildWindowOptions({ platform: 'linux', preloadPath, bounds });
  const dark = buildWindowOptions({ platform: 'linux', preloadPath, bounds, dark: true });
  assert.deepEqual(dark, { ...light, backgroundColor: '#1f2328' });
});

test('CSP: nothing inline, nothing remote', () => {
  assert.equal(
    CSP,
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:",
  );
});

test('navigation stays on berth://app/', () => {
  const urls = [
    'berth://app/index.html',
    'berth://app/',
    'berth://app.evil/',
    'berth://evil/',
    'berth://app@evil/',
    'http://127.0.0.1:3000/',
    'https://example.com/',
    'file:///etc/passwd',
    'about:blank',
    'devtools://devtools/bundled/devtools_app.html',
    'javascript:alert(1)',
  ];
  assert.deepEqual(
    urls.map((u) => [u, isAllowedNavigation(u)]),
    urls.map((u, i) => [u, i < 2]),
  );
});
