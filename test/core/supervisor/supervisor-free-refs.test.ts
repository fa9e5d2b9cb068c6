import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { checkBindable } from '../../../electron/core/ports/free-check.js';
import { isAlive } from '../../helpers/processes.js';
import { findFreeBlock } from '../../helpers/ports.js';
import { node, server, supervisorSuite } from './supervisor-setup.js';

/** Issue 10 §1: the free port policy through the safe free path; ports of other profiles in env values. */
const { procs, setup: setupWith } = supervisorSuite();
const multi = JSON.stringify(fileURLToPath(new URL('./multi-port-server.js', import.meta.url)));
const setup = () => setupWith({ profileDefaults: { readyTimeout: 3 } });

test("policy free: the user's holder is stopped through the safe path, then the server starts there", async () => {
  const { sup, add } = setup();
  const [port] = await findFreeBlock(1, 62460);
  const holder = await procs.startServer({ env: { PORT: String(port) } });
  const p = add({
    name: 'taker',
    command: `exec ${node} ${server}`,
    policy: 'free',
    ports: [{ name: 'PORT', preferred: port }],
  });
  const r = await sup.waitSettled((await sup.start(p)).id, 30_000);
  assert.equal(r?.status, 'ready', r?.message ?? '');
  assert.equal(r?.ports.PORT, port);
  assert.equal(r?.allocation[0]?.attempts.at(-1)?.outcome, 'freed');
  assert.equal(await isAlive(holder.pid), false);
  // Another copy of the same profile is never stopped to start one more.
  await assert.rejects(sup.start(p, { new: true }), /an instance of taker itself/);
});

test('{api.API_PORT} in env values: resolved from the running api; a clear error when it is not running', async () => {
  const { sup, add } = setup();
  const [port] = await findFreeBlock(1, 62470);
  const api = add({
    name: 'api',
    command: `exec ${node} ${multi} API_PORT`,
    ports: [{ name: 'API_PORT', preferred: port }],
  });
  const web = add({
    name: 'web',
    command: `exec ${node} -e "console.log('API_URL=' + process.env.API_URL); setInterval(() => {}, 1e9)"`,
    ports: [],
    env: { API_URL: 'http://localhost:{api.API_PORT}/v1' },
  });
  await assert.rejects(sup.start(web), /^Error: web refers to \{api\.API_PORT\}, but api is not running\.$/);
  await sup.waitSettled((await sup.start(api)).id, 20_000);
  const w = await sup.waitSettled((await sup.start(web)).id, 20_000);
  assert.equal(w?.status, 'ready');
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline && !readFileSync(w!.logFile, 'utf8').includes('API_URL='))
    await new Promise((res) => setTimeout(res, 100));
  assert.match(readFileSync(w!.logFile, 'utf8'), new RegExp(`^API_URL=http://localhost:${port}/v1$`, 'm'));
  for (const i of sup.list()) if (i.pid !== null) await sup.stop(i.id);
  assert.equal((await checkBindable(port!)).ok, true);
});
