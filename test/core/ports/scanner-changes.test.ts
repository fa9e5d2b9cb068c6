import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { createProcessTracker } from '../../helpers/processes.js';

/**
 * Change-only posting (issue 9, item 4): onChange is called once per change and never while nothing
 * changes. Other work on this machine opens listeners at any time, so the checks run in a fresh
 * network namespace (scanner-netns-child.ts) where the only listeners are the test's own.
 */
const procs = createProcessTracker();
after(() => procs.cleanup());
const child = fileURLToPath(new URL('./scanner-netns-child.js', import.meta.url));

function netnsAvailable(): boolean {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return false;
  const r = spawnSync('unshare', ['--net', '--', 'ip', 'link', 'set', 'lo', 'up'], { timeout: 10_000 });
  return r.status === 0;
}

test(
  'onChange: once per added or removed listener, never while nothing changes (worker and inline)',
  { skip: !netnsAvailable() && 'needs root, unshare and ip for a private network namespace', timeout: 90_000 },
  async () => {
    // lo is down in a new namespace: ::1 does not exist until it is brought up.
    const p = procs.start(
      'unshare',
      ['--net', '--', 'sh', '-c', `ip link set lo up && exec "${process.execPath}" "${child}"`],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    p.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    let done = false;
    createInterface({ input: p.stdout! }).on('line', (line) => {
      if (!line.startsWith('{')) return;
      const msg = JSON.parse(line) as { fixture?: number; done?: boolean };
      if (msg.fixture !== undefined) void procs.track(msg.fixture);
      if (msg.done) done = true;
    });
    const code = await new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => p.kill('SIGKILL'), 80_000);
      p.once('exit', (c) => {
        clearTimeout(timer);
        resolve(c);
      });
    });
    assert.equal(code, 0, stderr);
    assert.ok(done, 'every check ran');
  },
);
