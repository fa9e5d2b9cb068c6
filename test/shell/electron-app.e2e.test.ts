import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeTempDir } from '../helpers/temp.js';

const repo = fileURLToPath(new URL('../../../', import.meta.url));

/** The Electron binary, if the `electron` package downloaded it (path.txt names it); else why not. */
function findElectron(): { path: string } | { missing: string } {
  const pkg = join(repo, 'node_modules', 'electron');
  const pathTxt = join(pkg, 'path.txt');
  if (!existsSync(pathTxt))
    return { missing: 'the Electron binary is not installed here (node_modules/electron/path.txt is missing)' };
  const path = join(pkg, 'dist', readFileSync(pathTxt, 'utf8').trim());
  return existsSync(path) ? { path } : { missing: `the Electron binary is missing (${path})` };
}

const found = findElectron();
const skip = 'missing' in found ? found.missing : false;

/**
 * The app itself through Playwright's `_electron` (issue 12 §5), for machines that have the binary.
 * Where it is missing the test is reported as skipped with the reason, never as passed.
 */
test(
  'the Electron app opens its window with a temp data dir and answers through window.berth',
  { skip, timeout: 60_000 },
  async () => {
    const { _electron } = await import('playwright');
    const tmp = makeTempDir();
    const app = await _electron.launch({
      executablePath: (found as { path: string }).path,
      args: [repo],
      env: { ...process.env, BERTH_HOME: tmp.dir, BERTH_TRAY: '0' },
    });
    try {
      const page = await app.firstWindow();
      assert.equal(new URL(page.url()).protocol, 'berth:');
      const result = await page.evaluate(async () =>
        (globalThis as unknown as { berth: Record<string, (r: object) => Promise<{ ok: boolean }>> }).berth[
          'state.get'
        ]!({}),
      );
      assert.equal(result.ok, true);
      assert.equal(
        await page.evaluate(() => typeof (globalThis as unknown as { require?: unknown }).require),
        'undefined',
      );
    } finally {
      await app.close();
      tmp.remove();
    }
  },
);
