import { test, after } from 'node:test';
import { createServer } from 'node:net';
import assert from 'node:assert/strict';
import { createProcessTracker, isAlive } from '../helpers/processes.js';
import { findFreeBlock } from '../helpers/ports.js';
import { runFree } from '../../electron/cli/free-command.js';
import { runPorts } from '../../electron/cli/ports-commands.js';
import { EXIT_BAD_INPUT, EXIT_FAILED, EXIT_OK } from '../../electron/cli/exit.js';
import { checkBindable } from '../../electron/core/ports/free-check.js';
import { captureCli } from './harness.js';

const procs = createProcessTracker();
after(() => procs.cleanup());

test('free of several ports: with no terminal one refusal names all; --yes frees all, --json is an array', async () => {
  const [a, b] = await findFreeBlock(2, 63400);
  const sa = await procs.startServer({ env: { PORT: String(a) } });
  const sb = await procs.startServer({ env: { PORT: String(b) } });
  const refused = captureCli();
  try {
    assert.equal(await runFree(refused.ctx, [String(a), String(b)]), EXIT_BAD_INPUT);
    assert.match(refused.stderr(), new RegExp(`PID ${sa.pid}.*PID ${sb.pid}.*pass --yes`, 's'));
    assert.equal(await isAlive(sa.pid), true);
    assert.equal(await isAlive(sb.pid), true);
  } finally {
    await refused.close();
  }
  const c = captureCli();
  try {
    assert.equal(await runFree(c.ctx, [String(a), String(b), '--yes', '--json']), EXIT_OK, c.stderr());
    const out = JSON.parse(c.stdout()) as { port: number; freed: boolean; stopped: { pid: number }[] }[];
    assert.deepEqual(
      out.map((r) => [r.port, r.freed, r.stopped.map((s) => s.pid)]),
      [
        [a, true, [sa.pid]],
        [b, true, [sb.pid]],
      ],
    );
    assert.equal((await checkBindable(a!)).ok, true);
    assert.equal((await checkBindable(b!)).ok, true);
  } finally {
    await c.close();
  }
});

test('free of several ports checks all ports before signalling any (bad input: exit 2, nothing stopped)', async () => {
  const [a] = await findFreeBlock(1, 63410);
  const s = await procs.startServer({ env: { PORT: String(a) } });
  const c = captureCli();
  try {
    assert.equal(await runFree(c.ctx, [String(a), '70000', '--yes']), EXIT_BAD_INPUT);
    assert.equal(c.stderr(), 'berth: port 70000: must be from 1 to 65535, got 70000\n');
    assert.equal(await isAlive(s.pid), true);
  } finally {
    await c.close();
  }
});

test('free of several ports exits 1 unless every one is free afterwards (dry run: nothing is signalled)', async () => {
  const [a, b] = await findFreeBlock(2, 63420);
  const s = await procs.startServer({ env: { PORT: String(a) } });
  const c = captureCli();
  try {
    assert.equal(await runFree(c.ctx, [String(a), String(b), '--dry-run']), EXIT_OK);
    assert.match(
      c.stdout(),
      new RegExp(`Would send SIGTERM to node \\(PID ${s.pid}\\)[\\s\\S]*Port ${b} is (already )?free`),
    );
    assert.equal(await isAlive(s.pid), true);
  } finally {
    await c.close();
  }
  // For real: a is freed, b is held by this very process (Berth never signals itself): exit 1.
  const own = createServer();
  await new Promise<void>((r) => own.listen(b, '127.0.0.1', r));
  const real = captureCli();
  try {
    assert.equal(await runFree(real.ctx, [String(a), String(b), '--yes']), EXIT_FAILED);
    assert.equal(await isAlive(s.pid), false, 'the port that could be freed was freed');
    assert.match(real.stdout() + real.stderr(), new RegExp(`${b}`));
  } finally {
    await real.close();
    own.close();
  }
});

test('ports with a filter lists only matching listeners; exit 1 when nothing matches', async () => {
  const [a] = await findFreeBlock(1, 63430);
  const s = await procs.startServer({ env: { PORT: String(a) } });
  const c = captureCli();
  try {
    assert.equal(await runPorts(c.ctx, [`${a}-${a}`, '--json']), EXIT_OK);
    assert.deepEqual(
      (JSON.parse(c.stdout()) as { pid: number }[]).map((l) => l.pid),
      [s.pid],
    );
    const none = captureCli();
    assert.equal(await runPorts(none.ctx, ['no-process-is-called-this']), EXIT_FAILED);
    assert.equal(none.stdout(), "No listening TCP port matches 'no-process-is-called-this'.\n");
    await none.close();
  } finally {
    await c.close();
  }
});
