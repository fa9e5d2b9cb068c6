import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { engineSuite } from '../../helpers/engines.js';

const suite = engineSuite();

test('saving one setting keeps every other one, in memory, on disk and after a restart', async () => {
  const dir = suite.dataDir();
  const engine = await suite.start(dir);
  assert.ok((await engine.api['settings.save']({ settings: { stopTimeout: 5 } })).ok);
  assert.ok((await engine.api['settings.save']({ settings: { onQuit: 'stop' } })).ok);
  const r = await engine.api['settings.save']({ settings: { watchedPorts: [3000, 8000] } });
  assert.ok(r.ok, JSON.stringify(r));
  const want = { stopTimeout: 5, onQuit: 'stop', watchedPorts: [3000, 8000] };
  const got = await engine.api['settings.get']({});
  assert.ok(got.ok);
  assert.deepEqual(
    { stopTimeout: got.value.stopTimeout, onQuit: got.value.onQuit, watchedPorts: got.value.watchedPorts },
    want,
  );
  const disk = JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8')) as Record<string, unknown>;
  assert.deepEqual({ stopTimeout: disk.stopTimeout, onQuit: disk.onQuit, watchedPorts: disk.watchedPorts }, want);
  await engine.close();
  const again = await suite.start(dir);
  assert.equal(again.settings.get().stopTimeout, 5);
  assert.equal(again.settings.get().onQuit, 'stop');
});

test('an invalid value in a change is refused and changes nothing', async () => {
  const engine = await suite.start(suite.dataDir());
  assert.ok((await engine.api['settings.save']({ settings: { stopTimeout: 7 } })).ok);
  const bad = await engine.api['settings.save']({ settings: { pollIdleSeconds: 0 } });
  assert.equal(bad.ok, false);
  assert.equal(engine.settings.get().stopTimeout, 7);
  assert.equal(engine.settings.get().pollIdleSeconds, 5);
});
