import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Engine } from '../../electron/core/engine.js';
import { fixture, waitFor } from '../helpers/processes.js';
import { engineSuite } from '../helpers/engines.js';

/**
 * Issue 7 §4: nobody watches an autostart, so one that ends failed, crashed or not listening is an
 * error notice naming the profile and saying why; one that gets ready raises none. The engine
 * answers before its autostarts settle.
 */
const engines = engineSuite();

const node = JSON.stringify(process.execPath);

async function engineWith(profile: Readonly<Record<string, unknown>>): Promise<Engine> {
  const dir = engines.dataDir();
  const name = profile.name as string;
  const stored = { cwd: dir, autostart: true, ...profile };
  writeFileSync(join(dir, 'profiles.json'), JSON.stringify({ version: 1, profiles: { [name]: stored } }));
  const t0 = Date.now();
  const engine = await engines.start(dir);
  assert.ok(Date.now() - t0 < 3000, `createEngine took ${Date.now() - t0} ms: it must not wait for autostarts`);
  return engine;
}

const autostartNotices = (e: Engine) => e.notices.list().filter((n) => n.kind === 'autostart');

for (const c of [
  {
    label: 'a command that does not exist ends failed',
    profile: { name: 'ghost', command: 'berth-no-such-command-7f3a' },
    status: 'failed',
    text: /^Autostart of ghost failed: Command not found: berth-no-such-command-7f3a/,
  },
  {
    label: 'a server that exits at once ends crashed',
    profile: { name: 'quits', command: `${node} -e "setTimeout(() => process.exit(3), 200)"` },
    status: 'crashed',
    text: /^Autostart of quits crashed: It exited with code 3\./,
  },
  {
    label: 'a server that never listens ends not listening',
    profile: {
      name: 'mute',
      command: `${node} -e "setInterval(() => {}, 1000)"`,
      readyTimeout: 1,
      ports: [{ name: 'PORT' }],
    },
    status: 'not listening',
    text: /^Autostart of mute is not listening: After 1 s, /,
  },
] as const) {
  test(`autostart: ${c.label}, and an error notice names the profile and says why`, async () => {
    const engine = await engineWith(c.profile);
    const notice = (await waitFor(() => autostartNotices(engine)[0], 15_000))!;
    const inst = engine.supervisor.list().find((i) => i.profile === c.profile.name);
    assert.equal(inst?.status, c.status);
    assert.equal(notice.level, 'error');
    assert.equal(notice.profile, c.profile.name);
    assert.equal(notice.instance, inst.id);
    assert.match(notice.text, c.text);
    assert.ok(notice.text.endsWith(inst.message ?? '(no message)'), `the instance's message: ${notice.text}`);
    assert.equal(autostartNotices(engine).length, 1, 'one notice');
  });
}

test('autostart: a server that gets ready raises no notice', async () => {
  const engine = await engineWith({
    name: 'web',
    command: `${node} ${JSON.stringify(fixture('server'))}`,
    ports: [{ name: 'PORT' }],
  });
  const inst = (await waitFor(() => engine.supervisor.list().find((i) => i.profile === 'web')))!;
  assert.equal((await engine.supervisor.waitSettled(inst.id, 15_000))?.status, 'ready');
  await new Promise((r) => setTimeout(r, 200));
  assert.deepEqual(autostartNotices(engine), []);
});
