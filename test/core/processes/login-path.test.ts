import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mergePaths, readLoginPath } from '../../../electron/core/processes/login-path.js';
import { makeTempDir } from '../../helpers/temp.js';

const temp = makeTempDir();
after(() => temp.remove());

test('merge keeps the login shell entries first, drops duplicates and empty entries', () => {
  assert.equal(mergePaths('/a:/b::/c', '/usr/bin:/b:/a', ':'), '/a:/b:/c:/usr/bin');
});

test('the login shell PATH is read through a real shell, past what its profile prints', async () => {
  // A stand-in login shell: a real sh script that prints noise (as profile files do) and sets PATH.
  const shell = join(temp.dir, 'loginsh');
  writeFileSync(
    shell,
    `#!/bin/sh\necho "welcome banner"\nPATH=/opt/tool/bin:$PATH\nexport PATH\nshift\nexec /bin/sh -c "$@"\n`,
  );
  chmodSync(shell, 0o755);
  const path = await readLoginPath({ shell, currentPath: '/usr/bin:/bin' });
  assert.equal(path.split(':')[0], '/opt/tool/bin');
  assert.ok(path.split(':').includes('/usr/bin'));
});

test('a shell that hangs or fails leaves the current PATH', async () => {
  const hang = join(temp.dir, 'hangsh');
  writeFileSync(hang, '#!/bin/sh\nexec sleep 30\n');
  chmodSync(hang, 0o755);
  const t0 = Date.now();
  assert.equal(await readLoginPath({ shell: hang, timeoutMs: 300, currentPath: '/usr/bin' }), '/usr/bin');
  assert.ok(Date.now() - t0 < 5000);
  assert.equal(await readLoginPath({ shell: join(temp.dir, 'missing'), currentPath: '/x' }), '/x');
});
