import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { startHost, type Host } from '../../electron/host/host.js';
import { berthBin, fixture, waitFor } from '../helpers/processes.js';
import { makeTempDir } from '../helpers/temp.js';
import { findFreeBlock } from '../helpers/ports.js';

/**
 * `berth status --watch` (issue 7 §3): redraws on pushed state, one JSON line per change of the
 * instance list with --json, nothing when only something else changed, and ends with Ctrl-C (exit 0).
 */
const temp = makeTempDir();
let host: Host | undefined;
after(async () => {
  await host?.close({ stopInstances: true });
  temp.remove();
});

type Line = { rev: number; instances: { id: string; profile: string; status: string }[] };

test('status --watch --json prints a line per change of the instances and ends on SIGINT', async () => {
  const started = await startHost({ dataDir: temp.dir });
  assert.ok(started.ok);
  host = started.host;
  const [port] = await findFreeBlock(1, 62560);
  const profile = {
    name: 'watched',
    command: `"${process.execPath}" "${fixture('server')}"`,
    cwd: temp.dir,
    ports: [{ name: 'PORT', preferred: port }],
  };
  assert.ok((await host.engine.api['profiles.save']({ profile })).ok);

  const child = spawn(process.execPath, [berthBin, 'status', '--watch', '--json'], {
    env: { ...process.env, BERTH_HOME: temp.dir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: Line[] = [];
  createInterface({ input: child.stdout }).on('line', (l) => lines.push(JSON.parse(l) as Line));
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  try {
    await waitFor(() => lines.length >= 1, 15_000).catch((e: Error) => assert.fail(`${e.message}; stderr: ${stderr}`));
    assert.deepEqual(lines[0]!.instances, [], 'the current state first: nothing runs');
    const r = await host.engine.api['instances.start']({ target: 'watched' });
    assert.ok(r.ok && r.value.instances[0]?.status === 'ready');
    const id = r.value.instances[0].id;
    await waitFor(() => lines.some((l) => l.instances.some((i) => i.id === id && i.status === 'ready')), 15_000);
    // Only listeners change now (nothing about instances): no new line.
    const count = lines.length;
    await host.engine.scanNow();
    await new Promise((res) => setTimeout(res, 1000));
    assert.equal(lines.length, count, 'a snapshot without an instance change prints nothing');
    assert.ok((await host.engine.api['instances.stop']({ target: 'watched' })).ok);
    // A stopped instance leaves `status` (it lists running, crashed and failed ones): the last line is empty.
    await waitFor(() => lines.length > count && lines.at(-1)!.instances.every((i) => i.id !== id), 15_000);
    for (let k = 1; k < lines.length; k++) assert.ok(lines[k]!.rev > lines[k - 1]!.rev, 'revs only go up');
    child.kill('SIGINT'); // our own child
    assert.equal(await exited, 0);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
});
