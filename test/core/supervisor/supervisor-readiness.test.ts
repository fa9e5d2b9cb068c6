import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pinUrlHost } from '../../../electron/core/supervisor/watch-readiness.js';
import { findFreeBlock } from '../../helpers/ports.js';
import { node, server, supervisorSuite } from './supervisor-setup.js';

/** Issue 8 §9 (what Berth reports is what happened) and §7 (a failed spawn is `failed`, with the reason). */
const { setup, take } = supervisorSuite({ stopAtEnd: (i) => i.pid !== null });

test('the URL names the address the server bound when it does not listen on both', async () => {
  const { sup, add } = setup();
  const block = await findFreeBlock(3, 61720);
  const cases = [
    ['v4', { HOST: '127.0.0.1' }, (p: number) => `http://127.0.0.1:${p}`],
    ['v6', { HOST: '::1' }, (p: number) => `http://[::1]:${p}`],
    ['both', { HOST: '::', DUAL: '1' }, (p: number) => `http://localhost:${p}`],
  ] as const;
  for (const [k, [name, env, url]] of cases.entries()) {
    const inst = await sup.start(
      add({ name, command: `exec ${node} ${server}`, env, ports: [{ name: 'PORT', preferred: block[k] }] }),
    );
    const r = await sup.waitSettled(inst.id, 20_000);
    assert.equal(r?.status, 'ready', `${name}: ${r?.message}`);
    assert.equal(r?.url, url(block[k]!), name);
    await sup.stop(inst.id);
  }
  assert.equal(
    pinUrlHost('http://myhost.test:3000/x', ['::1']),
    'http://myhost.test:3000/x',
    'a host the user wrote stays',
  );
});

test('a readiness timeout while another process holds the port names that process', async () => {
  const { sup, add } = setup();
  const [port] = await findFreeBlock(1, 61725);
  const inst = await sup.start(
    add({
      name: 'blocked',
      command: `exec ${node} -e "setInterval(() => {}, 1000)"`,
      readyTimeout: 1,
      ports: [{ name: 'PORT', preferred: port }],
    }),
  );
  await take(port!);
  const r = await sup.waitSettled(inst.id, 15_000);
  assert.equal(r?.status, 'not listening');
  assert.equal(
    r?.message,
    `After 1 s, nothing in its process tree listens on ${port}; Port ${port} is in use by node (PID ${process.pid}).`,
  );
});

test('an HTTP check that gets answers but not 2xx says what it got, and probes back off', async () => {
  const { home, sup, add } = setup();
  const [port] = await findFreeBlock(1, 61728);
  const script = join(home.dir, 'unhealthy.cjs');
  writeFileSync(
    script,
    `let n = 0; require('http').createServer((q, s) => { n++; console.log('request ' + n + ' ' + q.url); ` +
      `s.writeHead(503); s.end(); }).listen(Number(process.env.PORT), '127.0.0.1');`,
  );
  const inst = await sup.start(
    add({
      name: 'sick',
      command: `exec ${node} ${JSON.stringify(script)}`,
      readyTimeout: 3,
      ready: { type: 'http', path: '/health' },
      ports: [{ name: 'PORT', preferred: port }],
    }),
  );
  const r = await sup.waitSettled(inst.id, 15_000);
  assert.equal(r?.status, 'not listening');
  assert.equal(r?.message, 'After 3 s, its readiness check got 503 from /health.');
  const requests = readFileSync(inst.logFile, 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('request '));
  assert.ok(requests.length >= 2, `it was probed (${requests.length})`);
  // 100 ms, then ×1.5 up to 1 s: about 9 in 3 s; before the backoff it was 16–45 a second.
  assert.ok(requests.length <= 15, `at most a few probes a second: ${requests.length} in ~3 s`);
});

test('a failed spawn (any reason) leaves a failed instance with the reason, never starting without a PID', async () => {
  const { home, sup, add } = setup();
  const nul = { ...add({ name: 'nul', command: 'true' }), env: { BAD: 'a\u0000b' } };
  const a = await sup.start(nul);
  assert.equal(a.status, 'failed');
  assert.equal(a.pid, null);
  assert.match(a.message ?? '', /^Could not start nul: .*null bytes/);
  const file = join(home.dir, 'not-a-folder');
  writeFileSync(file, '');
  const b = await sup.start(add({ name: 'file', command: 'true', cwd: file }));
  assert.equal(b.status, 'failed');
  assert.match(b.message ?? '', /not-a-folder is a file, not a folder/);
  assert.ok(
    sup.list().every((i) => i.status !== 'starting'),
    JSON.stringify(sup.list().map((i) => i.status)),
  );
});
