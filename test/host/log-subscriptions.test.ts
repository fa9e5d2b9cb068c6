import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { createInterface } from 'node:readline';
import { startHost, type Host } from '../../electron/host/host.js';
import { connectControl } from '../../electron/host/control-client.js';
import { controlSocketPath } from '../../electron/host/socket-path.js';
import { waitFor } from '../helpers/processes.js';
import { makeTempDir } from '../helpers/temp.js';

/**
 * Issue 7 §3: a `log` subscription carries new lines of one instance, of one profile, or of all, and
 * the host sends only those over the socket (a tail of one quiet server is not flooded by another).
 */
const temp = makeTempDir();
let host: Host | undefined;
after(async () => {
  await host?.close({ stopInstances: true });
  temp.remove();
});

type LogEvent = Readonly<{ id: string; profile: string; lines: readonly string[] }>;

test('log subscriptions: one instance, one profile, or all; changed on the same connection', async () => {
  const started = await startHost({ dataDir: temp.dir });
  assert.ok(started.ok);
  host = started.host;
  const api = host.engine.api;
  for (const name of ['alpha', 'beta']) {
    const command = `i=0; while true; do i=$((i+1)); echo "${name} $i"; sleep 0.1; done`;
    const profile = { name, command, cwd: temp.dir, ports: [], ready: { type: 'log', pattern: name } };
    assert.ok((await api['profiles.save']({ profile })).ok);
    assert.ok((await api['instances.start']({ target: name })).ok);
  }
  const alpha = host.engine.supervisor.list().find((i) => i.profile === 'alpha')!.id;

  // The wire: what the host sends on a raw connection.
  const socket = connect(controlSocketPath(temp.dir));
  const events: LogEvent[] = [];
  createInterface({ input: socket }).on('line', (line) => {
    const msg = JSON.parse(line) as { event?: string; payload?: LogEvent };
    if (msg.event === 'log') events.push(msg.payload!);
  });
  const window = async (request: Record<string, unknown>): Promise<LogEvent[]> => {
    socket.write(`${JSON.stringify(request)}\n`);
    await new Promise((r) => setTimeout(r, 300)); // the filter is in place
    events.length = 0;
    await waitFor(() => events.length >= 4, 10_000);
    return [...events];
  };
  try {
    const one = await window({ id: 1, subscribe: 'log', only: { ids: [alpha] } });
    assert.deepEqual([...new Set(one.map((e) => e.id))], [alpha]);
    const profile = await window({ id: 2, subscribe: 'log', only: { profiles: ['beta'] } });
    assert.deepEqual([...new Set(profile.map((e) => e.profile))], ['beta']);
    const all = await window({ id: 3, subscribe: 'log' });
    await waitFor(() => new Set(events.map((e) => e.profile)).size === 2, 10_000);
    assert.ok(all.length > 0);
  } finally {
    socket.destroy();
  }

  // The client: onLog with a filter gets only that instance, and a second listener without one gets all.
  const client = await connectControl(controlSocketPath(temp.dir));
  try {
    const mine: LogEvent[] = [];
    const every: LogEvent[] = [];
    const offMine = client.api.onLog((e) => mine.push(e), { id: alpha });
    await waitFor(() => mine.length >= 3, 10_000);
    assert.ok(mine.every((e) => e.id === alpha));
    const offEvery = client.api.onLog((e) => every.push(e));
    await waitFor(() => new Set(every.map((e) => e.profile)).size === 2, 10_000);
    assert.ok(
      mine.every((e) => e.id === alpha),
      'the filtered listener still gets only its instance',
    );
    offEvery();
    offMine();
  } finally {
    client.close();
  }
});
