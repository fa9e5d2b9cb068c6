import { spawnSync } from 'node:child_process';
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';

/** User nobody's uid and gid: a process that can read no root-owned /proc/<pid>/fd. */
const NOBODY = 65534;

/**
 * Runs `script` (an ES module, `await` allowed) in a Node process as user nobody, which needs root, and
 * returns its stdout after checking it exited 0. When user nobody cannot read `moduleUrl` (the checkout the
 * script imports), the test is skipped and the answer is null.
 */
export function runAsNobody(t: TestContext, moduleUrl: string, script: string): string | null {
  if (!nobodyCanRead(t, moduleUrl)) return null;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    uid: NOBODY,
    gid: NOBODY,
    encoding: 'utf8',
    timeout: 30_000,
  });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

/** Whether user nobody can read `moduleUrl`; when not, the test is skipped with that reason. */
export function nobodyCanRead(t: TestContext, moduleUrl: string): boolean {
  const readable = spawnSync(
    process.execPath,
    ['-e', `require('fs').accessSync(${JSON.stringify(new URL(moduleUrl).pathname)})`],
    { uid: NOBODY, gid: NOBODY },
  );
  if (readable.status === 0) return true;
  t.skip('the checkout is not readable by user nobody');
  return false;
}

/** An ES module script that scans once and prints the listeners on `port` as `[{pid, reason, user}]`. */
export function scanPortScript(scannerUrl: string, port: number): string {
  return (
    `const { createScanner } = await import(${JSON.stringify(scannerUrl)});
const s = createScanner({ mode: 'inline' });
const r = await s.scan();
console.log(JSON.stringify(r.listeners.filter((l) => l.port === ${port})` +
    `.map(({ pid, reason, user }) => ({ pid, reason, user }))));
await s.close();`
  );
}
