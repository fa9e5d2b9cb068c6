import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createScanner } from '../../../electron/core/ports/scanner.js';

/**
 * Closing a worker scanner at any moment (even while the worker still loads koffi, or a scan is
 * awaited) ends it cleanly: the worker ends itself between polls, pending scans are rejected, and
 * the process exits normally. A host quit in its first second must not abort the process.
 */
test('close while a scan is awaited rejects that scan instead of leaving it pending', async () => {
  const s = createScanner({ mode: 'worker' });
  const pending = s.scanNow();
  await s.close();
  await pending.then(
    (r) => assert.ok(Array.isArray(r.listeners), 'it finished before the close'),
    (err: Error) => assert.match(err.message, /closed/),
  );
});

test('twenty scanners closed at once after creation: the process ends with code 0', () => {
  const scanner = fileURLToPath(new URL('../../../electron/core/ports/scanner.js', import.meta.url));
  const script = `
    const { createScanner } = await import(${JSON.stringify(scanner)});
    for (let i = 0; i < 20; i++) {
      const s = createScanner({ mode: 'worker' });
      void s.scanNow().catch(() => {});
      await new Promise((r) => setTimeout(r, i % 5));
      await s.close();
    }
    console.log('closed');`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout.trim(), 'closed');
  assert.doesNotMatch(r.stderr, /FATAL|napi/);
});
