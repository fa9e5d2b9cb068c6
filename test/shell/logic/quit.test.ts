import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planQuit } from '../../../electron/shell/logic/quit.js';

test('quitting follows onQuit while hosting; an attached shell only disconnects', () => {
  assert.deepEqual(planQuit({ onQuit: 'stop' }, true, 2), {
    closeHost: true,
    stopInstances: true,
    message: 'Stopping 2 servers before quitting.',
  });
  assert.deepEqual(planQuit({ onQuit: 'leave' }, true, 1), {
    closeHost: true,
    stopInstances: false,
    message: 'Leaving 1 server running; the next Berth start adopts them.',
  });
  assert.deepEqual(planQuit({ onQuit: 'stop' }, true, 0), {
    closeHost: true,
    stopInstances: false,
    message: 'No servers were running.',
  });
  assert.deepEqual(planQuit({ onQuit: 'stop' }, false, 3), {
    closeHost: false,
    stopInstances: false,
    message: 'Disconnected from the Berth host; it keeps running.',
  });
});
