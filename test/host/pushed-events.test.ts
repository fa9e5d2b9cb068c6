import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { startHost, type Host } from '../../electron/host/host.js';
import { connectControl } from '../../electron/host/control-client.js';
import { controlSocketPath } from '../../electron/host/socket-path.js';
import type { Notice, Snapshot } from '../../electron/contract/views.js';
import { createProcessTracker, fixture, waitFor } from '../helpers/processes.js';
import { makeTempDir } from '../helpers/temp.js';

/**
 * Issue 7 §3 and §6 from a client's side: state is coalesced (at most 4 a second, the last one
 * complete), notices are pushed to subscribers, and another user's listener is `other-user`, which
 * `free` refuses.
 */
const temp = makeTempDir();
const procs = createProcessTracker();
let host: Host | undefined;
after(async () => {
  await host?.close({ stopInstances: true });
  await procs.cleanup();
  temp.remove();
});

async function theHost(): Promise<Host> {
  if (host) return host;
  const started = await startHost({ dataDir: temp.dir });
  assert.ok(started.ok);
  host = started.host;
  return host;
}

test('40 changes at once reach a state subscriber as a few coalesced snapshots, the last one complete', async () => {
  const h = await theHost();
  const client = await connectControl(controlSocketPath(temp.dir));
  try {
    const seen: { at: number; snapshot: Snapshot }[] = [];
    client.api.onState((s) => seen.push({ at: Date.now(), snapshot: s }));
    await waitFor(() => seen.length >= 1, 10_000);
    const before = seen.length;
    const t0 = Date.now();
    await Promise.all(
      Array.from({ length: 40 }, (_, k) =>
        h.engine.api['profiles.save']({ profile: { name: `burst-${k}`, command: 'true', cwd: temp.dir } }),
      ),
    );
    await waitFor(() => seen.at(-1)!.snapshot.profiles.filter((p) => p.name.startsWith('burst-')).length === 40);
    const elapsed = Math.max(1, Date.now() - t0);
    const pushed = seen.length - before;
    // 250 ms coalescing: at most one snapshot per quarter second of the burst, plus the one that ends it.
    assert.ok(pushed <= Math.ceil(elapsed / 250) + 1, `${pushed} snapshots in ${elapsed} ms`);
    assert.ok(pushed < 40, `not one per change (${pushed})`);
    for (let k = 1; k < seen.length; k++) assert.ok(seen[k]!.snapshot.rev > seen[k - 1]!.snapshot.rev);
  } finally {
    client.close();
  }
});

test('a notice is pushed to notice subscribers when the engine raises it', async () => {
  const h = await theHost();
  const client = await connectControl(controlSocketPath(temp.dir));
  try {
    const notices: Notice[] = [];
    client.api.onNotice((n) => notices.push(n));
    await new Promise((r) => setTimeout(r, 200)); // subscribed
    // A port in the OS's ephemeral range is a warning the engine raises on save.
    const r = await h.engine.api['profiles.save']({
      profile: { name: 'ephemeral', command: 'true', cwd: temp.dir, ports: [{ name: 'PORT', preferred: 60999 }] },
    });
    assert.ok(r.ok);
    const n = await waitFor(() => notices.find((x) => x.kind === 'profile-ephemeral' && x.profile === 'ephemeral'));
    assert.equal(n?.level, 'warning');
  } finally {
    client.close();
  }
});

const asNobody = process.platform === 'linux' && process.getuid?.() === 0;
test(
  "another user's listener is other-user: policy free refuses it; berth free as root stops it",
  { skip: !asNobody && 'needs root to start a process as user nobody' },
  async (t) => {
    const readable = spawnSync(
      process.execPath,
      ['-e', `require('fs').accessSync(${JSON.stringify(fixture('server'))})`],
      {
        uid: 65534,
        gid: 65534,
      },
    );
    if (readable.status !== 0) return t.skip('the checkout is not readable by user nobody');
    const h = await theHost();
    const other = await procs.startServer({ uid: 65534, gid: 65534 });
    await h.engine.scanNow();
    const who = await h.engine.api['ports.who']({ port: other.port });
    assert.ok(who.ok);
    assert.deepEqual(
      who.value.listeners.map((l) => [l.pid, l.holder]),
      [[other.pid, 'other-user']],
    );
    // A profile's `free` policy never stops another user's process.
    const profile = {
      name: 'taker',
      command: `"${process.execPath}" "${fixture('server')}"`,
      cwd: temp.dir,
      policy: 'free',
      ports: [{ name: 'PORT', preferred: other.port }],
    };
    assert.ok((await h.engine.api['profiles.save']({ profile })).ok);
    const start = await h.engine.api['instances.start']({ target: 'taker' });
    const said = start.ok
      ? JSON.stringify(start.value.instances.map((i) => [i.status, i.message]))
      : start.error.message;
    assert.ok(!start.ok || start.value.instances.every((i) => i.status !== 'ready'), said);
    assert.match(said, /another user|user nobody|nobody/);
    assert.equal(process.kill(other.pid, 0), true, 'still running');
    // `berth free` run by root may stop it (the OS lets root signal it), and says whose it was.
    const freed = await h.engine.api['ports.free']({ port: other.port });
    assert.ok(freed.ok && freed.value.freed && freed.value.holder === 'other-user', JSON.stringify(freed));
  },
);
