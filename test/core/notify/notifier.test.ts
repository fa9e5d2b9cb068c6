import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BURST_WINDOW_MS } from '../../../electron/core/notify/decide.js';
import { createNotifier, type Schedule } from '../../../electron/core/notify/notifier.js';
import type { CommandListener } from '../../../electron/core/command-hub.js';
import type { Snapshot } from '../../../electron/contract/views.js';
import { listener, profile, snapshot } from '../../shell/snapshots.js';

/** A fake clock and timer queue: time moves only when the test says so, and due timers run then. */
function fakeClock() {
  let now = 0;
  let timers: { at: number; run: () => void }[] = [];
  const schedule: Schedule = (run, ms) => {
    const t = { at: now + ms, run };
    timers.push(t);
    return () => void (timers = timers.filter((x) => x !== t));
  };
  return {
    now: () => now,
    schedule,
    pending: () => timers.length,
    /** Moves the time without running timers (a busy event loop). */
    jump: (ms: number) => void (now += ms),
    advance(ms: number) {
      const end = now + ms;
      for (;;) {
        const due = timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0];
        if (!due) break;
        timers = timers.filter((t) => t !== due);
        now = due.at;
        due.run();
      }
      now = end;
    },
  };
}

function setup(options: Readonly<{ enabled?: () => boolean }> = {}) {
  const clock = fakeClock();
  const texts: string[] = [];
  const notifier = createNotifier({
    now: clock.now,
    schedule: clock.schedule,
    emit: (n) => texts.push(n.text),
    ...options,
  });
  return { clock, texts, notifier };
}

/** Watched ports 9000.. taken by python3, PID = port, one snapshot revision per call. */
const watched = Array.from({ length: 10 }, (_, i) => 9000 + i);
function taken(rev: number, ports: readonly number[]): Snapshot {
  return snapshot({
    rev,
    settings: { watchedPorts: watched },
    listeners: ports.map((p) => listener(p, { pid: p })),
  });
}

test('a burst: the first is notified, the rest held; after the window "And N more" comes with no other event', () => {
  const { clock, texts, notifier } = setup();
  notifier.observe(taken(1, []));
  notifier.observe(taken(2, [9000]));
  assert.deepEqual(texts, ['Port 9000 was taken: Watched port 9000 is in use by python3 (PID 9000).']);
  assert.equal(clock.pending(), 0, 'nothing held, no timer');

  clock.advance(1000);
  notifier.observe(taken(3, [9000, 9001, 9002]));
  clock.advance(1000);
  notifier.observe(taken(4, [9000, 9001, 9002, 9003]));
  assert.equal(texts.length, 1, 'held inside the burst window');
  assert.equal(clock.pending(), 1, 'one timer for what is held');

  clock.advance(BURST_WINDOW_MS - 2000 - 1);
  assert.equal(texts.length, 1, 'not before the window ends');
  clock.advance(1);
  assert.deepEqual(texts.slice(1), [
    'Port 9001 was taken: Watched port 9001 is in use by python3 (PID 9001). And 2 more.',
  ]);
  assert.equal(clock.pending(), 0);
  clock.advance(60_000);
  assert.equal(texts.length, 2, 'each held event is announced once');
});

test('a flush starts a new burst window: events right after it are held for the next flush', () => {
  const { clock, texts, notifier } = setup();
  notifier.observe(taken(1, []));
  notifier.observe(taken(2, [9000]));
  clock.advance(100);
  notifier.observe(taken(3, [9000, 9001]));
  clock.advance(BURST_WINDOW_MS); // flush at 5000: 9001
  clock.advance(100);
  notifier.observe(taken(4, [9000, 9001, 9002, 9003]));
  clock.advance(BURST_WINDOW_MS);
  assert.deepEqual(texts, [
    'Port 9000 was taken: Watched port 9000 is in use by python3 (PID 9000).',
    'Port 9001 was taken: Watched port 9001 is in use by python3 (PID 9001).',
    'Port 9002 was taken: Watched port 9002 is in use by python3 (PID 9002). And 1 more.',
  ]);
});

test('an event after the window but before the timer ran takes the held ones along, once', () => {
  const { clock, texts, notifier } = setup();
  notifier.observe(taken(1, []));
  notifier.observe(taken(2, [9000]));
  clock.advance(1000);
  notifier.observe(taken(3, [9000, 9001, 9002]));
  clock.jump(BURST_WINDOW_MS);
  notifier.observe(taken(4, [9000, 9001, 9002, 9003]));
  assert.deepEqual(texts.slice(1), [
    'Port 9003 was taken: Watched port 9003 is in use by python3 (PID 9003). And 2 more.',
  ]);
  assert.equal(clock.pending(), 0, 'the timer of the held ones is cancelled');
  clock.advance(60_000);
  assert.equal(texts.length, 2);
});

test('notifications switched off while events are held: the flush shows nothing; close() cancels the timer', () => {
  let on = true;
  const { clock, texts, notifier } = setup({ enabled: () => on });
  notifier.observe(taken(1, []));
  notifier.observe(taken(2, [9000]));
  notifier.observe(taken(3, [9000, 9001]));
  on = false;
  clock.advance(BURST_WINDOW_MS);
  assert.equal(texts.length, 1);

  on = true;
  clock.advance(1000);
  notifier.observe(taken(4, [9000, 9001, 9002]));
  clock.advance(100);
  notifier.observe(taken(5, [9000, 9001, 9002, 9003]));
  assert.equal(clock.pending(), 1);
  notifier.close();
  assert.equal(clock.pending(), 0);
  clock.advance(60_000);
  assert.equal(texts.length, 2);
});

test('command results: a strict launch refused, named by the latest snapshot; older snapshots are ignored', () => {
  const { texts, notifier } = setup();
  notifier.observe(snapshot({ rev: 5, profiles: [profile('api', 8000, { policy: 'strict' })] }));
  notifier.observe(snapshot({ rev: 4 }));
  assert.equal(notifier.latest()?.rev, 5);
  notifier.command(
    'instances.start',
    { target: 'api' },
    { ok: false, error: { code: 'busy', message: 'PORT: 8000 is in use by node (PID 7).' } },
  );
  assert.deepEqual(texts, ['api did not start: PORT: 8000 is in use by node (PID 7).']);
});

test('follow(source): snapshots and commands from the source until unfollowed', () => {
  const { texts, notifier } = setup();
  const stateListeners = new Set<(s: Snapshot) => void>();
  const commandListeners = new Set<CommandListener>();
  const off = notifier.follow({
    subscribe: (_event, l) => (stateListeners.add(l), () => void stateListeners.delete(l)),
    onCommand: (l) => (commandListeners.add(l), () => void commandListeners.delete(l)),
  });
  for (const l of stateListeners) l(snapshot({ rev: 1, profiles: [profile('api', 8000)] }));
  const refused = { ok: false as const, error: { code: 'busy' as const, message: 'PORT: 8000 is in use.' } };
  for (const l of commandListeners) l('instances.start', { target: 'api' }, refused);
  assert.deepEqual(texts, ['api did not start: PORT: 8000 is in use.']);
  off();
  assert.equal(stateListeners.size + commandListeners.size, 0);
});

test('reset: the next host starts its revisions again and its first snapshot is no news', () => {
  const { texts, notifier } = setup();
  notifier.observe(taken(7, []));
  notifier.reset();
  notifier.observe(taken(1, [9000]));
  assert.equal(notifier.latest()?.rev, 1);
  assert.deepEqual(texts, []);
});
