import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { engineSuite } from '../../helpers/engines.js';

const suite = engineSuite();

test('a folder that does not exist or is a file is named as such, for a profile and for an import', async () => {
  const dir = suite.dataDir();
  const file = join(dir, 'not-a-folder');
  writeFileSync(file, 'x');
  const engine = await suite.start(dir);
  const missing = join(dir, 'missing');
  const cases = [
    [
      await engine.api['profiles.save']({ profile: { name: 'a', command: 'x', cwd: missing } }),
      /folder .* does not exist/,
    ],
    [await engine.api['profiles.save']({ profile: { name: 'a', command: 'x', cwd: file } }), /is a file, not a folder/],
    [await engine.api['profiles.import']({ dir: missing }), /^dir: folder .* does not exist/],
    [await engine.api['profiles.import']({ dir: file }), /^dir: .* is a file, not a folder/],
  ] as const;
  for (const [r, message] of cases) {
    assert.ok(!r.ok && r.error.code === 'bad-input', JSON.stringify(r));
    assert.match(r.error.message, message);
  }
  assert.deepEqual(engine.profiles.list(), []);
});
