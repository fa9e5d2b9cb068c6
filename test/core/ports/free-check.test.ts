import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, connect, type Server } from 'node:net';
import { readFileSync } from 'node:fs';
import { checkBindable, checkPort } from '../../../electron/core/ports/free-check.js';
import { createScanner } from '../../../electron/core/ports/scanner.js';
import { createProcessTracker, waitFor } from '../../helpers/processes.js';

const procs = createProcessTracker();
const scanner = createScanner({ mode: 'inline' });
after(async () => {
  await procs.cleanup();
  await scanner.close();
});

const isFree = async (port: number) => (await checkPort(port, (await scanner.scan()).listeners)).free;

for (const host of ['127.0.0.1', '::1', '0.0.0.0', '::']) {
  test(`a listener on only ${host} makes the port busy, by scan and by bind`, async () => {
    const s = await procs.startServer({ env: { HOST: host } });
    const state = await checkPort(s.port, (await scanner.scan()).listeners);
    assert.equal(state.free, false);
    assert.equal(state.holders[0]?.pid, s.pid);
    // The bind test alone also sees it (the scan is not the only guard).
    assert.equal((await checkBindable(s.port)).ok, false);
    process.kill(s.pid, 'SIGKILL');
    await waitFor(() => isFree(s.port));
  });
}

function listen(port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const s = createServer((c) => c.end());
    s.once('error', reject);
    s.listen({ port, host }, () => resolve(s));
  });
}

/** True when /proc/net/tcp holds a TIME_WAIT (state 06) socket with this local port. */
function hasTimeWait(port: number): boolean {
  const hex = port.toString(16).toUpperCase().padStart(4, '0');
  return readFileSync('/proc/net/tcp', 'latin1')
    .split('\n')
    .some((l) => {
      const f = l.trim().split(/\s+/);
      return f[1]?.endsWith(`:${hex}`) === true && f[3] === '06';
    });
}

test(
  'a port whose only socket is in TIME_WAIT is free',
  { skip: process.platform !== 'linux' && 'reads /proc/net/tcp' },
  async () => {
    const server = await listen(0, '127.0.0.1');
    const port = (server.address() as { port: number }).port;
    // The server side closes first, so the TIME_WAIT socket keeps the server's port.
    const closed = new Promise<void>((r) => server.once('connection', (c) => c.on('close', () => r())));
    const client = connect(port, '127.0.0.1');
    client.on('data', () => {});
    await closed;
    client.destroy();
    await new Promise<void>((r) => server.close(() => r()));
    await waitFor(() => hasTimeWait(port), 5_000);
    assert.equal(await isFree(port), true);
    const again = await listen(port, '127.0.0.1'); // and a real server can use it
    await new Promise<void>((r) => again.close(() => r()));
  },
);

test('a port held inside this process is busy', async () => {
  const server = await listen(0, '::1');
  const port = (server.address() as { port: number }).port;
  try {
    const state = await checkPort(port, (await scanner.scan()).listeners);
    assert.equal(state.free, false);
    assert.equal(state.holders[0]?.pid, process.pid);
  } finally {
    await new Promise<void>((r) => server.close(() => r()));
  }
});
