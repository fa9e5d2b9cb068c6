import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatTable, paintStatus } from '../../electron/cli/style.js';
import { formatStatus } from '../../electron/cli/status-format.js';
import { formatProfile, formatProfileList } from '../../electron/cli/profile-format.js';
import { formatListenerGroups } from '../../electron/cli/format.js';
import { filterListeners, parseListenerFilters } from '../../electron/cli/ports-filter.js';
import { UsageError } from '../../electron/cli/exit.js';
import { Profile } from '../../electron/contract/profile.js';
import type { InstanceView, ListenerView } from '../../electron/contract/views.js';
import { instance } from '../shell/snapshots.js';

const inst = (id: string, status: InstanceView['status'], url: string): InstanceView =>
  instance(id.split('#')[0]!, 3000, {
    id,
    status,
    pid: 100,
    allocation: [],
    url,
    logFile: '/l',
    command: 'c',
    cwd: '/',
    startedAt: 0,
  });

test('status colours (only when on): ready green, starting/stopping yellow, crashed/failed red, stopped dim', () => {
  assert.equal(paintStatus('ready', true), '\x1b[32mready\x1b[0m');
  assert.equal(paintStatus('starting', true, 10), '\x1b[33mstarting\x1b[0m  ');
  assert.equal(paintStatus('stopping', true), '\x1b[33mstopping\x1b[0m');
  assert.equal(paintStatus('crashed', true), '\x1b[31mcrashed\x1b[0m');
  assert.equal(paintStatus('failed', true), '\x1b[31mfailed\x1b[0m');
  assert.equal(paintStatus('stopped', true), '\x1b[2mstopped\x1b[0m');
  assert.equal(paintStatus('ready', false, 8), 'ready   ');
  const plain = formatStatus([inst('web#1', 'ready', 'http://localhost:3000')]);
  assert.doesNotMatch(plain, /\x1b/);
  const coloured = formatStatus(
    [inst('web#1', 'ready', 'http://localhost:3000'), inst('api#1', 'crashed', 'http://localhost:8000')],
    { color: true, width: null },
  );
  assert.match(coloured, /\x1b\[32mready\x1b\[0m  {3}100/);
  // Columns line up as without colour once the escape codes are removed.
  assert.equal(
    coloured.replace(/\x1b\[\d+m/g, ''),
    formatStatus([inst('web#1', 'ready', 'http://localhost:3000'), inst('api#1', 'crashed', 'http://localhost:8000')]),
  );
});

test('a table fits the terminal width: the flexible column is cut with …', () => {
  const long = `http://localhost:3000/${'x'.repeat(100)}`;
  const out = formatStatus([inst('web#1', 'ready', long)], { color: false, width: 80 });
  for (const line of out.split('\n')) assert.ok(line.length <= 80, `${line.length}: ${line}`);
  assert.match(out, /http:\/\/localhost:3000\S*…$/m);
  assert.equal(
    formatStatus([inst('web#1', 'ready', long)], { color: false, width: null }).includes(long),
    true,
    'a pipe gets everything',
  );
  assert.equal(
    formatTable(
      [
        ['A', 'B'],
        ['aaaa', 'b'],
      ],
      { width: null, flex: 1 },
    ),
    'A     B\naaaa  b',
  );
});

const profile = (over: Record<string, unknown>): Profile =>
  Profile.parse({ name: 'web', command: 'npx vite', cwd: '/srv/web', ...over });

test('profile ls aligns its columns; profile show is a readable summary', () => {
  const list = formatProfileList(
    [
      profile({ args: ['--port', '{PORT}'], ports: [{ name: 'PORT', preferred: 5173, range: [5173, 5199] }] }),
      profile({ name: 'api-server', command: 'npm start', group: 'app' }),
    ],
    { color: false, width: null },
  );
  const lines = list.split('\n');
  assert.equal(lines[0], 'NAME        PORTS                  GROUP  COMMAND');
  assert.equal(lines[1], 'web         PORT=5173 (5173–5199)  -      npx vite --port {PORT}');
  assert.equal(lines[2], 'api-server  PORT=auto              app    npm start');
  const shown = formatProfile(
    profile({
      ports: [
        { name: 'PORT', preferred: 5173 },
        { name: 'VITE_HMR_PORT', preferred: 24678, pinned: true },
      ],
      policy: 'strict',
      ready: { type: 'http', path: '/health' },
      env: { A: '1' },
    }),
  );
  assert.equal(
    shown,
    [
      'web',
      '  command             npx vite',
      '  folder              /srv/web',
      '  port PORT           prefers 5173',
      '  port VITE_HMR_PORT  prefers 24678, pinned',
      '  when busy           fail, naming the holder',
      '  ready when          HTTP GET /health (within 30 s)',
      '  stop                SIGTERM, SIGKILL after 10 s',
      '  restart             never',
      '  URL                 http://localhost:{PORT}',
      '  env                 A=1',
    ].join('\n'),
  );
  const api = formatProfile(
    profile({ name: 'api', command: 'npm start', ports: [{ name: 'API_PORT' }], after: ['db'], group: 'app' }),
  ).split('\n');
  assert.ok(api.includes('  port API_PORT  API_PORT from its env, else 3000'), api.join('\n'));
  assert.ok(api.includes('  URL            http://localhost:{API_PORT}'), 'the URL names the variable it uses');
  assert.ok(api.includes('  starts after   db'));
});

const listener = (port: number, process: string, command: string, user = 'dev'): ListenerView => ({
  port,
  address: '127.0.0.1',
  family: 4,
  pid: port,
  process,
  command,
  user,
  startTime: 1,
  holder: 'user',
});

test('ports filters: a port, a range, or text in process, command or user; any filter may match', () => {
  const all = [
    listener(3000, 'node', 'node server.js'),
    listener(5173, 'node', 'node /app/node_modules/.bin/vite'),
    listener(8080, 'python3', 'python3 -m http.server', 'www'),
  ];
  const pick = (...f: string[]): number[] => filterListeners(all, parseListenerFilters(f)).map((l) => l.port);
  assert.deepEqual(pick(), [3000, 5173, 8080]);
  assert.deepEqual(pick('3000-3999'), [3000]);
  assert.deepEqual(pick('5173'), [5173]);
  assert.deepEqual(pick('vite'), [5173]);
  assert.deepEqual(pick('VITE', '8000-8999'), [5173, 8080]);
  assert.deepEqual(pick('www'), [8080]);
  assert.deepEqual(pick('nothing-like-this'), []);
  assert.throws(
    () => parseListenerFilters(['3999-3000']),
    (e: unknown) => e instanceof UsageError && /3999 is greater than 3000; write 3000-3999/.test(e.message),
  );
  assert.throws(() => parseListenerFilters(['70000']), UsageError);
});

test('on a terminal the heading of a process block fits the width', () => {
  const out = formatListenerGroups([listener(3000, 'node', `node ${'y'.repeat(200)}`)], 50);
  assert.ok(out.split('\n')[0]!.length <= 50);
  assert.match(out.split('\n')[0]!, /^node · PID 3000 · user dev · node y+…$/);
});
