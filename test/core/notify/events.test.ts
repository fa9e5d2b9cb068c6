import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deriveCommandEvents, deriveEngineEvents } from '../../../electron/core/notify/events.js';
import type { HolderRef } from '../../../electron/contract/views.js';
import { fellBack, instance, listener, profile, snapshot } from '../../shell/snapshots.js';

test('the first snapshot raises nothing; a new instance that fell back raises launch-fell-back', () => {
  const before = snapshot({ profiles: [profile('web', 3000)] });
  const after = snapshot({ rev: 2, profiles: [profile('web', 3000)], instances: [fellBack('web', 3000, 3001)] });
  assert.deepEqual(deriveEngineEvents(null, after), []);
  assert.deepEqual(deriveEngineEvents(before, after), [
    {
      kind: 'launch-fell-back',
      profile: 'web',
      instance: 'web-1',
      preferred: 3000,
      assigned: 3001,
      heldBy: [{ pid: 4120, process: 'python3', command: 'python3 -m http.server' }],
    },
  ]);
  assert.deepEqual(deriveEngineEvents(after, { ...after, rev: 3 }), [], 'the same instance is announced once');
});

test("a fallback caused by the profile's own instance (start --new) raises nothing; a foreign holder does", () => {
  const web1 = instance('web', 3000, { pid: 5000 });
  const running = snapshot({
    profiles: [profile('web', 3000)],
    instances: [web1],
    listeners: [listener(3000, { pid: 5001, process: 'node', holder: 'instance', profile: 'web', instance: 'web-1' })],
  });
  const held = (pid: number, mark: Partial<HolderRef> = {}): HolderRef[] => [
    { pid, process: 'node', command: 'node server.js', ...mark },
  ];
  const second = (heldBy: HolderRef[]) =>
    snapshot({
      ...running,
      rev: 2,
      instances: [web1, fellBack('web', 3000, 3001, { id: 'web-2', pid: 6000 })].map((i) =>
        i.id === 'web-2' ? { ...i, allocation: [{ ...i.allocation[0]!, heldBy }] } : i,
      ),
    });
  assert.deepEqual(deriveEngineEvents(running, second(held(5001))), [], 'its listener is classed web-1');
  assert.deepEqual(deriveEngineEvents(running, second(held(5000))), [], "web-1's own PID");
  const marked = held(7000, { instance: 'web-1', profile: 'web' });
  assert.deepEqual(deriveEngineEvents(running, second(marked)), [], 'marked by the supervisor as web-1');
  const foreign = deriveEngineEvents(running, second([...held(5001), ...held(4120)]));
  assert.deepEqual(
    foreign.map((e) => e.kind === 'launch-fell-back' && e.heldBy.map((h) => h.pid)),
    [[4120]],
    'only the foreign holder is named',
  );
});

test('crashes: restarting, gave up (restart on-failure, nothing scheduled), plain crash; each new crash once', () => {
  const running = snapshot({
    profiles: [profile('web', 3000, { restart: 'on-failure' }), profile('api', 8000)],
    instances: [instance('web', 3000), instance('api', 8000, { id: 'api-1' })],
  });
  const crashed = snapshot({
    profiles: running.profiles,
    instances: [
      instance('web', 3000, {
        status: 'crashed',
        endedAt: 5,
        nextRestartAt: 10,
        message: 'It exited with code 1; restarting in 1 s.',
      }),
      instance('api', 8000, { id: 'api-1', status: 'crashed', endedAt: 5, message: 'It was killed by SIGKILL.' }),
    ],
  });
  assert.deepEqual(deriveEngineEvents(running, crashed), [
    {
      kind: 'instance-crashed',
      profile: 'web',
      instance: 'web-1',
      port: 3000,
      message: 'It exited with code 1; restarting in 1 s.',
      restarting: true,
    },
    {
      kind: 'instance-crashed',
      profile: 'api',
      instance: 'api-1',
      port: 8000,
      message: 'It was killed by SIGKILL.',
      restarting: false,
    },
  ]);
  const gaveUp = snapshot({
    profiles: running.profiles,
    instances: [
      instance('web', 3000, { status: 'crashed', endedAt: 9, message: 'It exited with code 1; it crashed 5 times.' }),
      crashed.instances[1]!,
    ],
  });
  assert.deepEqual(deriveEngineEvents(crashed, gaveUp), [
    {
      kind: 'instance-gave-up',
      profile: 'web',
      instance: 'web-1',
      port: 3000,
      message: 'It exited with code 1; it crashed 5 times.',
    },
  ]);
});

test("a watched port taken by another process (not one of Berth's), not on the first scan", () => {
  const empty = snapshot({ settings: { watchedPorts: [8000, 3000] } });
  const taken = snapshot({
    settings: { watchedPorts: [8000, 3000] },
    listeners: [listener(8000), listener(3000, { holder: 'instance', profile: 'web' })],
  });
  assert.deepEqual(deriveEngineEvents(empty, taken), [
    { kind: 'port-taken', port: 8000, holder: { pid: 4120, process: 'python3', command: 'python3 -m http.server' } },
  ]);
  assert.deepEqual(deriveEngineEvents(taken, taken), []);
  assert.deepEqual(deriveEngineEvents({ ...empty, scan: { source: 'none', takenAt: 0 } }, taken), []);
});

test('command results: a strict launch refused on a busy port; a port taken again while freeing', () => {
  const s = snapshot({ profiles: [profile('api', 8000, { policy: 'strict' })] });
  assert.deepEqual(
    deriveCommandEvents(
      'instances.start',
      { target: 'api' },
      { ok: false, error: { code: 'busy', message: 'PORT: 8000 is in use.' } },
      s,
    ),
    [{ kind: 'launch-conflict', profile: 'api', port: 8000, message: 'PORT: 8000 is in use.' }],
  );
  assert.deepEqual(
    deriveCommandEvents(
      'instances.start',
      { target: 'api' },
      { ok: false, error: { code: 'not-found', message: 'x' } },
      s,
    ),
    [],
  );
  const respawned = {
    pid: 2,
    process: 'vite',
    command: 'vite',
    parent: { pid: 1, process: 'nodemon', command: 'nodemon' },
  };
  const value = {
    port: 5173,
    alreadyFree: false,
    freed: false,
    stopped: [],
    refused: [],
    dryRun: false,
    respawned,
    message: '',
  };
  assert.deepEqual(deriveCommandEvents('ports.free', { port: 5173 }, { ok: true, value }, s), [
    {
      kind: 'port-respawned',
      port: 5173,
      holder: { pid: 2, process: 'vite', command: 'vite' },
      parent: { pid: 1, process: 'nodemon', command: 'nodemon' },
    },
  ]);
});
