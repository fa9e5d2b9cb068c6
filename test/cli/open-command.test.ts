import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createProcessTracker } from '../helpers/processes.js';
import { makeTempDir } from '../helpers/temp.js';
import { runBerth, stopHostOf } from '../helpers/berth-cli.js';
import { chooseOpener } from '../../electron/cli/open-browser.js';
import { send } from '../host/http-client.js';

const procs = createProcessTracker();
const startScript = fileURLToPath(new URL('../../../scripts/start.mjs', import.meta.url));
const home = makeTempDir();

/** Stops the background host `berth open` started (by the PID in its lock, identity verified). */
after(async () => {
  await stopHostOf(home.dir);
  await procs.cleanup();
  home.remove();
});

/** No graphical session: DISPLAY and WAYLAND_DISPLAY are removed from the environment. */
const noDisplay = { DISPLAY: undefined, WAYLAND_DISPLAY: undefined };
const berth = (...args: string[]) => runBerth(args, { home: home.dir, env: noDisplay });

test('chooseOpener: open on macOS, start on Windows, xdg-open only with a graphical session on Linux', () => {
  const url = 'http://127.0.0.1:4000/#secret=a&b';
  assert.deepEqual(chooseOpener(url, 'darwin', {}), { command: 'open', args: [url] });
  assert.deepEqual(chooseOpener(url, 'win32', {}), {
    command: 'cmd',
    args: ['/d', '/s', '/c', 'start', '""', 'http://127.0.0.1:4000/#secret=a^&b'],
  });
  assert.deepEqual(chooseOpener(url, 'linux', { DISPLAY: ':0' }), { command: 'xdg-open', args: [url] });
  assert.deepEqual(chooseOpener(url, 'linux', { WAYLAND_DISPLAY: 'wayland-0' }), { command: 'xdg-open', args: [url] });
  assert.ok('reason' in chooseOpener(url, 'linux', {}));
});

test('berth open without a display starts a host and prints the dashboard URL, which serves the page', async () => {
  const r = await berth('open');
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /Started a background Berth host/);
  const info = JSON.parse(readFileSync(join(home.dir, 'http.json'), 'utf8')) as { url: string; secret: string };
  assert.match(r.stdout, /^Could not open a browser \(no graphical session/);
  assert.ok(r.stdout.trim().endsWith(`Open this URL: ${info.url}#secret=${info.secret}`), r.stdout);
  assert.equal((await send(info.url)).status, 200);
  const api = await send(`${info.url}api/state.get`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${info.secret}` },
  });
  assert.equal(api.status, 200);
  // The host's log (its stdout) names the URL but never the secret.
  assert.doesNotMatch(readFileSync(join(home.dir, 'host.log'), 'utf8'), new RegExp(info.secret));

  const again = await berth('open', '--json');
  assert.equal(again.code, 0, again.stderr);
  assert.doesNotMatch(again.stderr, /Started a background/);
  assert.deepEqual(JSON.parse(again.stdout), {
    url: `${info.url}#secret=${info.secret}`,
    opened: false,
    reason: 'no graphical session: DISPLAY and WAYLAND_DISPLAY are unset',
  });
});

test('npm start without the Electron binary says so in one line and gives the dashboard URL', async () => {
  // An override dir without the binary makes the script take its fallback even where Electron exists.
  const noElectron = join(home.dir, 'no-electron');
  const r = await runBerth([], {
    home: home.dir,
    script: startScript,
    env: { ...noDisplay, ELECTRON_OVERRIDE_DIST_PATH: noElectron },
  });
  assert.equal(r.code, 0, r.stderr);
  const info = JSON.parse(readFileSync(join(home.dir, 'http.json'), 'utf8')) as { url: string; secret: string };
  const lines = r.stdout.trim().split('\n');
  assert.equal(
    lines[0],
    'Electron is not available here (its binary was not downloaded); opening Berth in your browser instead.',
  );
  assert.ok(lines[1]?.endsWith(`Open this URL: ${info.url}#secret=${info.secret}`), r.stdout);
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
});

test('berth open <port> prints the URL of a listening port; an unknown profile is one clear line', async () => {
  const server = await procs.startServer({ env: { PORT: '0' } });
  const r = await berth('open', String(server.port), '--print');
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.trim(), `http://localhost:${server.port}/`);
  const none = await berth('open', 'no-such-profile');
  assert.equal(none.code, 1);
  assert.match(
    none.stderr,
    /^berth open: no profile, instance or port 'no-such-profile'\. See 'berth profile ls' and 'berth status'\.$/m,
  );
  const bad = await berth('open', 'a', 'b');
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /unexpected argument 'b'/);
});
