import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BURST_WINDOW_MS,
  decideNotifications,
  flushHeld,
  heldDueAt,
  INITIAL_NOTIFY_STATE,
  PER_KEY_WINDOW_MS,
  type NotifyState,
} from '../../../electron/core/notify/decide.js';
import type { EngineEvent } from '../../../electron/core/notify/events.js';

const python = { pid: 4120, process: 'python3', command: 'python3 -m http.server' };
const fell: EngineEvent = {
  kind: 'launch-fell-back',
  profile: 'web',
  instance: 'web-1',
  preferred: 3000,
  assigned: 3001,
  heldBy: [python],
};
const taken = (port: number): EngineEvent => ({ kind: 'port-taken', port, holder: { ...python, pid: port } });

/** A fake clock: each step feeds events at a given time and keeps the state, as the shell does. */
function run(steps: readonly (readonly [number, readonly EngineEvent[]])[]): string[][] {
  let state: NotifyState = INITIAL_NOTIFY_STATE;
  return steps.map(([at, events]) => {
    const d = decideNotifications(events, at, state);
    state = d.nextState;
    return d.notifications.map((n) => n.text);
  });
}

test('a launch that fell back: the text names the port, the holder and offers Free and restart', () => {
  const { notifications } = decideNotifications([fell], 1000, INITIAL_NOTIFY_STATE);
  assert.deepEqual(notifications, [
    {
      key: 'port:3000',
      title: 'web started on 3001',
      body: '3000 is held by python3 (PID 4120).',
      text: 'web started on 3001: 3000 is held by python3 (PID 4120).',
      actions: [
        {
          id: 'free-and-restart',
          label: 'Free 3000 and restart',
          steps: [
            { command: 'ports.free', request: { port: 3000 } },
            { command: 'instances.restart', request: { target: 'web-1' } },
          ],
        },
        { id: 'show', label: 'Show', steps: [] },
      ],
      focus: { port: 3000, profile: 'web' },
      covers: 1,
    },
  ]);
});

test('texts for a strict launch refused, a watched port taken, a crash, a give-up and a respawn', () => {
  const texts = (e: EngineEvent): string => decideNotifications([e], 0, INITIAL_NOTIFY_STATE).notifications[0]!.text;
  assert.equal(
    texts({
      kind: 'launch-conflict',
      profile: 'api',
      port: 8000,
      message: 'PORT: 8000 is in use by python3 (PID 4120). The port policy is strict.',
    }),
    'api did not start: PORT: 8000 is in use by python3 (PID 4120). The port policy is strict.',
  );
  assert.equal(texts(taken(8000)), 'Port 8000 was taken: Watched port 8000 is in use by python3 (PID 8000).');
  assert.equal(
    texts({
      kind: 'instance-crashed',
      profile: 'web',
      instance: 'web-1',
      port: 3000,
      message: 'It exited with code 1; restarting in 1 s.',
      restarting: true,
    }),
    'web crashed: It exited with code 1; restarting in 1 s.',
  );
  assert.equal(
    texts({
      kind: 'instance-gave-up',
      profile: 'web',
      instance: 'web-1',
      port: null,
      message: 'It exited with code 1; it crashed 5 times in a row.',
    }),
    'web crashed; Berth gave up restarting it: It exited with code 1; it crashed 5 times in a row.',
  );
  const respawn = decideNotifications(
    [
      {
        kind: 'port-respawned',
        port: 5173,
        holder: { pid: 2, process: 'vite', command: null },
        parent: { pid: 1000, process: 'nodemon', command: null },
      },
    ],
    0,
    INITIAL_NOTIFY_STATE,
  ).notifications[0]!;
  assert.equal(
    respawn.text,
    'Port 5173 was taken again: vite (PID 2) took it right after it was freed; it was started by nodemon (PID 1000).',
  );
  assert.deepEqual(respawn.actions[0], {
    id: 'free-with-parent',
    label: 'Free 5173 and its parent',
    steps: [{ command: 'ports.free', request: { port: 5173, parent: true } }],
  });
});

test("a fallback because another profile's instance holds the port names that instance", () => {
  const api = { pid: 7000, process: 'node', command: 'node server.js', instance: 'api-1', profile: 'api' };
  const { notifications } = decideNotifications([{ ...fell, heldBy: [api] }], 0, INITIAL_NOTIFY_STATE);
  assert.equal(notifications[0]!.text, 'web started on 3001: 3000 is held by api (api-1).');
});

test('at most one per port per 30 s (dedupe and rate limit), then again', () => {
  assert.deepEqual(
    run([
      [0, [taken(8000), taken(8000)]],
      [10_000, [taken(8000)]],
      [PER_KEY_WINDOW_MS - 1, [taken(8000)]],
      [PER_KEY_WINDOW_MS, [taken(8000)]],
    ]),
    [
      ['Port 8000 was taken: Watched port 8000 is in use by python3 (PID 8000).'],
      [],
      [],
      ['Port 8000 was taken: Watched port 8000 is in use by python3 (PID 8000).'],
    ],
  );
});

test('a burst is coalesced into one notification: "And 47 more."', () => {
  const events = Array.from({ length: 48 }, (_, i) => taken(9000 + i));
  const { notifications } = decideNotifications(events, 0, INITIAL_NOTIFY_STATE);
  assert.equal(notifications.length, 1);
  assert.equal(notifications[0]!.body, 'Watched port 9000 is in use by python3 (PID 9000). And 47 more.');
  assert.equal(notifications[0]!.covers, 48);
  assert.deepEqual(notifications[0]!.actions, [{ id: 'show', label: 'Show', steps: [] }]);
});

test('events right after a notification are held and counted into the next one', () => {
  assert.deepEqual(
    run([
      [0, [taken(1)]],
      [1000, [taken(2), taken(3)]],
      [BURST_WINDOW_MS + 1, [taken(4)]],
    ]),
    [
      ['Port 1 was taken: Watched port 1 is in use by python3 (PID 1).'],
      [],
      ['Port 4 was taken: Watched port 4 is in use by python3 (PID 4). And 2 more.'],
    ],
  );
});

test('notifications switched off: nothing, and no state carried into later decisions', () => {
  const off = decideNotifications([taken(8000)], 0, INITIAL_NOTIFY_STATE, false);
  assert.deepEqual(off.notifications, []);
  assert.equal(decideNotifications([taken(8000)], 1, off.nextState).notifications.length, 1);
});

test('flushHeld: nothing before the burst window ends; then the held ones as one, keys marked, held emptied', () => {
  let state = decideNotifications([taken(1)], 0, INITIAL_NOTIFY_STATE).nextState;
  state = decideNotifications([taken(2), taken(3)], 1000, state).nextState;
  state = decideNotifications([taken(2)], 2000, state).nextState;
  assert.equal(heldDueAt(state), BURST_WINDOW_MS);
  assert.deepEqual(flushHeld(BURST_WINDOW_MS - 1, state).notifications, []);
  const d = flushHeld(BURST_WINDOW_MS, state);
  assert.deepEqual(
    d.notifications.map((n) => [n.text, n.covers]),
    [['Port 2 was taken: Watched port 2 is in use by python3 (PID 2). And 1 more.', 2]],
    'a port held twice counts once',
  );
  assert.equal(heldDueAt(d.nextState), null);
  assert.deepEqual(decideNotifications([taken(3)], 20_000, d.nextState).notifications, [], 'port 3 was just told');
  assert.deepEqual(flushHeld(BURST_WINDOW_MS, state, false).notifications, [], 'switched off: dropped');
  assert.equal(heldDueAt(flushHeld(BURST_WINDOW_MS, state, false).nextState), null);
});
