import { test } from 'node:test';
import assert from 'node:assert/strict';
import { payloadBytes } from '../../electron/host/event-json.js';

const payloadJson = (event: 'state' | 'notice', payload: unknown): string =>
  payloadBytes(event, payload as never).toString('utf8');
import type { Snapshot } from '../../electron/contract/views.js';

/**
 * A snapshot's JSON is built once per snapshot, and each listener view once for as long as the same
 * view object comes back (an unchanged listener); the result parses to exactly what JSON.stringify gives.
 */
const view = (port: number, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  port,
  address: '127.0.0.1',
  family: 4,
  pid: 100 + port,
  process: 'node "quoted" \\ and \n newline — ünïcödé ✓',
  command: null,
  user: 'me',
  startTime: null,
  holders: [{ pid: 100 + port, process: 'node', command: 'node server.js', user: 'me', startTime: 1, startKey: 'k' }],
  holder: 'user',
  ...extra,
});

function snapshot(rev: number, listeners: unknown[]): Snapshot {
  return {
    rev,
    listeners,
    scan: { source: 'netlink', takenAt: 5 },
    instances: [],
    profiles: [],
    notices: [],
    settings: { pollActiveSeconds: 1 },
  } as unknown as Snapshot;
}

test('a state payload parses to the same value as JSON.stringify, and unchanged views are not serialised again', () => {
  let reads = 0;
  const counted = view(3000);
  Object.defineProperty(counted, 'holder', { enumerable: true, get: () => (reads++, 'user') });
  const a = view(4000, { reason: 'owner unknown', pid: null });
  const s1 = snapshot(1, [counted, a]);
  assert.deepEqual(JSON.parse(payloadJson('state', s1)), JSON.parse(JSON.stringify(s1)));
  assert.equal(reads, 2, 'one read by payloadJson, one by the reference JSON.stringify');
  const s2 = snapshot(2, [counted, a, view(5000)]);
  assert.deepEqual(JSON.parse(payloadJson('state', s2)), JSON.parse(JSON.stringify(s2)));
  assert.equal(reads, 3, 'payloadJson did not read the unchanged view again');
  payloadJson('state', s2);
  assert.equal(reads, 3, 'nor the snapshot it already serialised');
});

test('an empty snapshot and the other events are plain JSON', () => {
  const empty = snapshot(7, []);
  assert.deepEqual(JSON.parse(payloadJson('state', empty)), JSON.parse(JSON.stringify(empty)));
  const notice = { id: 'n1', level: 'warning', kind: 'port-taken', text: 'Port "8000"\n taken', at: 1 };
  assert.equal(payloadJson('notice', notice as never), JSON.stringify(notice));
});
