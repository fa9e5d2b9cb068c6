import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeStart } from '../../electron/cli/instance-commands.js';
import type { InstanceView, PortAllocation } from '../../electron/contract/views.js';
import { instance } from '../shell/snapshots.js';

/** What `berth start` prints for a ready instance: where it runs and, when it moved, why. */
function ready(allocation: PortAllocation[]): InstanceView {
  return instance('web', allocation[0]!.assigned, {
    id: 'web-1a2b3c',
    pid: 4200,
    allocation,
    logFile: '/tmp/web.log',
    command: 'node server.js',
    cwd: '/tmp',
    startedAt: 0,
  });
}

const python = { pid: 4120, process: 'python3', command: 'python3 -m http.server 3000' };

test('a fallback names the foreign holder with its PID', () => {
  const a: PortAllocation = {
    name: 'PORT',
    preferred: 3000,
    assigned: 3001,
    source: 'preferred',
    attempts: [{ port: 3000, outcome: 'busy', heldBy: [python] }],
    heldBy: [python],
  };
  assert.equal(describeStart(ready([a])), 'web → http://localhost:3001 (3000 is held by python3, PID 4120)');
});

test("a fallback past the profile's own instance says so, not a conflict with node", () => {
  const own = { pid: 4100, process: 'node', command: 'node server.js', instance: 'web-000001', profile: 'web' };
  const a: PortAllocation = {
    name: 'PORT',
    preferred: 3000,
    assigned: 3001,
    source: 'preferred',
    attempts: [{ port: 3000, outcome: 'busy', heldBy: [own] }],
    heldBy: [own],
  };
  assert.equal(
    describeStart(ready([a])),
    'web → http://localhost:3001 (3000 is held by its other instance web-000001)',
  );
});

test('policy free says which process it stopped to take the port', () => {
  const a: PortAllocation = {
    name: 'PORT',
    preferred: 3000,
    assigned: 3000,
    source: 'preferred',
    attempts: [{ port: 3000, outcome: 'freed', heldBy: [python] }],
    heldBy: null,
  };
  assert.equal(
    describeStart(ready([a])),
    'web → http://localhost:3000\n  freed port 3000: stopped python3, PID 4120 (policy free)',
  );
});
