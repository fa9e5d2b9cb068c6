import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The runtime seams of DESIGN.md, checked on the sources:
 * - only electron/shell and electron/preload may import `electron` / `electron-store` at runtime
 *   (`import type` is fine: it vanishes at compile time);
 * - nothing under renderer/ imports Node built-ins or the engine.
 */
const root = fileURLToPath(new URL('../../', import.meta.url));

function sources(dir: string): string[] {
  let out: string[] = [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return out;
  }
  for (const n of names) {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) out = out.concat(sources(p));
    else if (/\.(ts|tsx|js|mjs|cjs)$/.test(n) && !n.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

/** Module specifiers loaded at runtime: static imports/exports that are not type-only, dynamic import(), require(). */
export function runtimeImports(code: string): string[] {
  const out: string[] = [];
  const stripped = code.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');
  for (const m of stripped.matchAll(/^\s*(import|export)\s+(type\s+)?([^'"]*?)\s*from\s*['"]([^'"]+)['"]/gm)) {
    if (m[2]) continue;
    const clause = m[3] ?? '';
    // `import { type A, type B } from 'x'` is type-only as well.
    if (/^\{\s*(type\s+\w+\s*,?\s*)+\}$/.test(clause)) continue;
    out.push(m[4]!);
  }
  for (const m of stripped.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm)) out.push(m[1]!);
  for (const m of stripped.matchAll(/\b(?:import|require)\s*\(\s*['"]([^'"]+)['"]\s*\)/g)) out.push(m[1]!);
  return out;
}

test('runtimeImports sees through type-only imports', () => {
  assert.deepEqual(
    runtimeImports(
      "import type { App } from 'electron';\nimport { type A } from 'electron';\n" +
        "import { x } from 'electron-store';\nconst k = await import('electron');",
    ),
    ['electron-store', 'electron'],
  );
});

test('no runtime import of electron or electron-store outside electron/shell and electron/preload', () => {
  const offenders: string[] = [];
  for (const file of [...sources(join(root, 'electron')), ...sources(join(root, 'renderer'))]) {
    const rel = relative(root, file);
    if (rel.startsWith('electron/shell/') || rel.startsWith('electron/preload/')) continue;
    for (const spec of runtimeImports(readFileSync(file, 'utf8'))) {
      if (spec === 'electron' || spec.startsWith('electron/') || spec === 'electron-store')
        offenders.push(`${rel}: ${spec}`);
    }
  }
  assert.deepEqual(offenders, []);
});

test('renderer/ imports no Node module and nothing from electron/core', () => {
  const builtins = new Set([
    'fs',
    'path',
    'os',
    'child_process',
    'net',
    'http',
    'https',
    'crypto',
    'url',
    'util',
    'worker_threads',
    'stream',
    'events',
    'process',
  ]);
  const offenders: string[] = [];
  for (const file of sources(join(root, 'renderer'))) {
    for (const spec of runtimeImports(readFileSync(file, 'utf8'))) {
      if (spec.startsWith('node:') || builtins.has(spec) || /(^|\/)electron\/core(\/|$)/.test(spec))
        offenders.push(`${relative(root, file)}: ${spec}`);
    }
  }
  assert.deepEqual(offenders, []);
});

test('the seam check would catch an offender', () => {
  assert.deepEqual(runtimeImports("import Store from 'electron-store';"), ['electron-store']);
  assert.deepEqual(runtimeImports("import { readFileSync } from 'node:fs';"), ['node:fs']);
});
