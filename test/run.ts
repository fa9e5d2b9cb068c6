/**
 * Runs every compiled `*.test.js` under dist/test with Node's test runner. Node 20, given a
 * directory, would also run fixtures and helpers (it treats any .js under a `test/` folder as a test),
 * so the files are listed explicitly. Extra arguments are passed to `node --test`.
 */
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));

function findTests(dir: string): string[] {
  return readdirSync(dir)
    .flatMap((n) => {
      const p = join(dir, n);
      if (statSync(p).isDirectory()) return n === 'fixtures' || n === 'helpers' ? [] : findTests(p);
      return n.endsWith('.test.js') ? [p] : [];
    })
    .sort();
}

const files = findTests(root);
const child = spawn(process.execPath, ['--test', '--test-concurrency=2', ...process.argv.slice(2), ...files], {
  stdio: 'inherit',
});
child.on('exit', (code, signal) => {
  process.exitCode = code ?? (signal ? 1 : 0);
});
