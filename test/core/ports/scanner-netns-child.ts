/**
 * Run by scanner-changes.test.ts inside `unshare --net`: in a fresh network namespace the only
 * listeners are the ones this script opens, so "nothing changed" really means nothing changed.
 * Prints {"fixture":pid} for every process it starts (the parent tracks them too) and exits 0
 * when every check passed; assertion failures exit non-zero with the message on stderr.
 */
import assert from 'node:assert/strict';
import { createScanner, type Scanner } from '../../../electron/core/ports/scanner.js';
import type { ScanResult } from '../../../electron/core/ports/types.js';
import { createProcessTracker, sleep, waitFor } from '../../helpers/processes.js';

type Call = { result: ScanResult; diff: { added: number; removed: number; changed: number } };
const procs = createProcessTracker();

async function startServer(host: string): Promise<{ pid: number; port: number }> {
  const s = await procs.startServer({ env: { HOST: host } });
  process.stdout.write(`${JSON.stringify({ fixture: s.pid })}\n`);
  return s;
}

async function check(mode: 'worker' | 'inline'): Promise<void> {
  const scanner: Scanner = createScanner({ mode, intervalMs: 100 });
  const calls: Call[] = [];
  const off = scanner.onChange((result, diff) => calls.push({ result, diff }));
  try {
    await sleep(600); // several polls of an empty namespace
    assert.equal(calls.length, 0, `${mode}: no call while no listener exists`);
    const empty = scanner.latest();
    assert.ok(empty !== null && empty.listeners.length === 0, `${mode}: latest() knows the empty set`);

    const a = await startServer('127.0.0.1');
    await waitFor(() => calls.length > 0, 10_000);
    await sleep(600); // more polls: still nothing new
    assert.equal(calls.length, 1, `${mode}: one call for one new listener`);
    assert.deepEqual(calls[0]!.diff, { added: 1, removed: 0, changed: 0 });
    const seen = calls[0]!.result;
    assert.equal(seen.listeners.find((l) => l.port === a.port)?.pid, a.pid, `${mode}: attributed`);
    assert.equal(scanner.latest(), seen, `${mode}: latest() is the object onChange received`);
    assert.equal(await scanner.scanNow(), seen, `${mode}: an unchanged scanNow() returns the same object`);
    assert.equal(await scanner.scan(), seen, `${mode}: so does scan()`);
    assert.equal(calls.length, 1, `${mode}: explicit scans of an unchanged set call nobody`);

    // A long interval takes effect at once: a listener appearing now is not seen …
    scanner.setInterval(60_000);
    await sleep(150);
    const b = await startServer('::1');
    await sleep(600);
    assert.equal(calls.length, 1, `${mode}: no poll within a long interval`);
    // … until the interval is short again, which polls right away (the last poll is long past).
    scanner.setInterval(100);
    await waitFor(() => calls.length > 1, 10_000);
    assert.deepEqual(calls[1]!.diff, { added: 1, removed: 0, changed: 0 });
    assert.equal(calls[1]!.result.listeners.find((l) => l.port === b.port && l.address === '::1')?.pid, b.pid);
    assert.ok(
      calls[1]!.result.listeners.some((l) => l.port === a.port),
      `${mode}: the patched result keeps the first listener`,
    );
    assert.notEqual(calls[1]!.result, seen, `${mode}: a change makes a new result`);

    process.kill(a.pid, 'SIGKILL');
    await waitFor(() => calls.length > 2, 10_000);
    await sleep(300);
    assert.equal(calls.length, 3, `${mode}: one call for one gone listener`);
    assert.deepEqual(calls[2]!.diff, { added: 0, removed: 1, changed: 0 });
    assert.deepEqual(
      calls[2]!.result.listeners.map((l) => l.port),
      [b.port],
    );

    off();
    process.kill(b.pid, 'SIGKILL');
    await sleep(400);
    assert.equal(calls.length, 3, `${mode}: no call after unsubscribing`);
  } finally {
    off();
    await scanner.close();
    await procs.cleanup();
  }
}

try {
  await check('worker');
  await check('inline');
  process.stdout.write(`${JSON.stringify({ done: true })}\n`);
} finally {
  await procs.cleanup();
}
