import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));

/** Files reached from `file` through static imports only (`import type` and `import()` do not load at start). */
function staticGraph(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  const src = readFileSync(join(root, file), 'utf8');
  for (const m of src.matchAll(/^import\s+(?!type\b)[^'"]*?from\s+'([^']+)'|^import\s+'([^']+)'/gm)) {
    const spec = m[1] ?? m[2]!;
    if (!spec.startsWith('.')) {
      seen.add(spec);
      continue;
    }
    staticGraph(relative(root, join(dirname(join(root, file)), spec.replace(/\.js$/, '.ts'))), seen);
  }
  return seen;
}

test('berth --version loads main and exit only, --help adds help text: no zod, contract, engine (issue 9 §7)', () => {
  assert.deepEqual([...staticGraph('electron/cli/main.ts')].sort(), ['electron/cli/exit.ts', 'electron/cli/main.ts']);
  assert.deepEqual([...staticGraph('electron/cli/help.ts')], ['electron/cli/help.ts']);
  for (const f of ['command-help.ts', 'suggest.ts'])
    assert.deepEqual([...staticGraph(`electron/cli/${f}`)], [`electron/cli/${f}`]);
});

test('the launcher imports main.js and nothing else', () => {
  const bin = readFileSync(join(root, 'bin/berth.js'), 'utf8');
  assert.deepEqual(
    [...bin.matchAll(/import\(['"]([^'"]+)['"]\)|from ['"]([^'"]+)['"]/g)].map((m) => m[1] ?? m[2]),
    ['../dist/electron/cli/main.js'],
  );
});
