import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decideExit, type ExitFacts, type ExitDecision } from '../../../electron/core/supervisor/exit-decision.js';
import {
  decideRestart,
  initialRestartState,
  type RestartState,
} from '../../../electron/core/supervisor/restart-policy.js';

const base: ExitFacts = {
  code: 1,
  signal: null,
  livedMs: 10_000,
  origin: 'child',
  command: 'vite --port 5173',
  restart: 'never',
  restartState: initialRestartState,
  backoffScale: 1,
  portRetries: 0,
};

type Case = [string, Partial<ExitFacts>, Partial<ExitDecision> & { kind: ExitDecision['kind'] }];

const cases: Case[] = [
  ['code 0 is a stop', { code: 0 }, { kind: 'stopped', message: 'Exited with code 0.' }],
  ['code 0 with restart on-failure is still a stop', { code: 0, restart: 'on-failure' }, { kind: 'stopped' }],
  [
    '127 soon after launch: command not found',
    { code: 127, livedMs: 50, lastLine: 'sh: 1: vite: not found' },
    { kind: 'failed', message: 'Command not found: vite (sh: 1: vite: not found).' },
  ],
  [
    'command not found names the PATH it was looked up in',
    { code: 127, livedMs: 50, lastLine: 'sh: 1: vite: not found', searchPath: '/usr/bin:/bin' },
    { kind: 'failed', message: 'Command not found: vite (sh: 1: vite: not found). PATH was /usr/bin:/bin.' },
  ],
  [
    '126 soon after launch: not executable',
    { code: 126, livedMs: 50 },
    { kind: 'failed', message: 'The command is not executable (exit code 126).' },
  ],
  [
    '127 after a long run is a crash',
    { code: 127, livedMs: 60_000 },
    { kind: 'crashed', message: 'It exited with code 127.' },
  ],
  ['a crash without restart policy', { code: 3 }, { kind: 'crashed', message: 'It exited with code 3.' }],
  ['a signal', { code: null, signal: 'SIGKILL' }, { kind: 'crashed', message: 'It was killed by SIGKILL.' }],
  ['profile removed: no restart', { code: 3, restart: null }, { kind: 'crashed' }],
  [
    'on-failure: first restart after 1 s',
    { code: 3, restart: 'on-failure' },
    { kind: 'restart', delayMs: 1000, message: 'It exited with code 3; restarting in 1 s.' },
  ],
  [
    'on-failure with a small scale',
    { code: 3, restart: 'on-failure', backoffScale: 0.01 },
    { kind: 'restart', delayMs: 10, message: 'It exited with code 3; restarting in 0.01 s.' },
  ],
  [
    'on-failure: the 5th quick exit gives up',
    { code: 3, restart: 'on-failure', livedMs: 100, restartState: { failures: 4, quickExits: 4 } },
    { kind: 'crashed', message: 'It exited with code 3; gave up after 5 exits that each lived under 1 s.' },
  ],
  [
    'adopted: exit code unknown',
    { origin: 'adopted', code: null },
    { kind: 'crashed', message: 'It exited (exit code unknown: it was started by an earlier Berth host).' },
  ],
  [
    'followed: exit code unknown, never restarted',
    { origin: 'followed', code: null, restart: 'on-failure' },
    { kind: 'crashed', message: 'It exited (exit code unknown: its launching command had already exited).' },
  ],
  [
    'EADDRINUSE before listening: next port',
    { code: 1, addressInUse: { port: 5173, holder: 'node (PID 812)', fixed: null } },
    { kind: 'retry-port', port: 5173 },
  ],
  [
    'EADDRINUSE on a pinned port: fails naming the holder',
    { code: 1, restart: 'on-failure', addressInUse: { port: 5173, holder: 'node (PID 812)', fixed: 'pinned' } },
    {
      kind: 'failed',
      message:
        'Port 5173 is in use by node (PID 812) (EADDRINUSE); ' +
        'the profile pins it, so Berth does not move it to another port.',
    },
  ],
  [
    'EADDRINUSE with policy strict',
    { code: 1, addressInUse: { port: 5173, holder: null, fixed: 'strict' } },
    {
      kind: 'failed',
      message:
        'Port 5173 is in use (EADDRINUSE); the port policy is strict, so Berth does not move it to another port.',
    },
  ],
  [
    'EADDRINUSE after 3 retries: no crash loop',
    { code: 1, restart: 'on-failure', portRetries: 3, addressInUse: { port: 5176, holder: null, fixed: null } },
    { kind: 'failed' },
  ],
];

for (const [name, facts, want] of cases) {
  test(`decideExit: ${name}`, () => {
    const got = decideExit({ ...base, ...facts });
    for (const [k, v] of Object.entries(want))
      assert.deepEqual((got as Record<string, unknown>)[k], v, `${k} of ${JSON.stringify(got)}`);
  });
}

test('decideExit: the gave-up notice and the restart state travel with the decision', () => {
  const d = decideExit({ ...base, restart: 'on-failure', livedMs: 10, restartState: { failures: 4, quickExits: 4 } });
  assert.equal(d.kind, 'crashed');
  assert.match((d as { notice?: string }).notice ?? '', /gave up restarting it/);
  assert.deepEqual((d as { next?: RestartState }).next, { failures: 5, quickExits: 5 });
});

test('backoff: a server that crashes every 2 s reaches 30 s between attempts and never gives up', () => {
  let s = initialRestartState;
  const delays: number[] = [];
  for (let i = 0; i < 8; i++) {
    const d = decideRestart(s, 2_000);
    assert.equal(d.restart, true);
    delays.push(d.delayMs);
    s = d.next;
  }
  assert.deepEqual(delays, [1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
  // A run of 30 s resets it.
  assert.equal(decideRestart(s, 30_000).delayMs, 1000);
  assert.equal(decideRestart(s, 29_999).delayMs, 30000);
});
