import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * DESIGN.md "Allowed directions", checked on the real imports of every source file (type-only
 * imports too: a type import still ties one folder to another). Each folder is a unit; a unit may
 * import the units and packages its row lists, and no two units may import each other in a cycle.
 */
const root = fileURLToPath(new URL('../../../', import.meta.url));

type Rule = Readonly<{
  units: readonly string[];
  packages: 'any' | readonly string[];
  node: boolean;
  typeOnly?: readonly string[];
}>;

const CORE_LOW = ['core/base', 'core/fs'];
const CORE_MID = ['core/free', 'core/profiles', 'core/supervisor', 'core/notify', 'core/state'];
const CORE_ALL = [...CORE_LOW, 'core/processes', 'core/ports', ...CORE_MID, 'core/handlers', 'core/engine'];

/** The table of DESIGN.md, one row per unit. */
export const RULES: Readonly<Record<string, Rule>> = {
  contract: { units: [], packages: ['zod'], node: false },
  'core/base': { units: ['contract'], packages: [], node: true },
  'core/fs': { units: ['contract'], packages: [], node: true },
  'core/processes': { units: ['contract', ...CORE_LOW], packages: 'any', node: true },
  'core/ports': { units: ['contract', ...CORE_LOW, 'core/processes'], packages: 'any', node: true },
  ...Object.fromEntries(
    CORE_MID.map((u) => [
      u,
      { units: ['contract', ...CORE_LOW, 'core/processes', 'core/ports', ...CORE_MID], packages: 'any', node: true },
    ]),
  ),
  'core/handlers': { units: ['contract', ...CORE_ALL], packages: 'any', node: true },
  'core/engine': { units: ['contract', ...CORE_ALL], packages: 'any', node: true },
  host: { units: ['contract', ...CORE_ALL], packages: 'any', node: true },
  // DESIGN.md: the CLI uses the port engine only. It also reads the data dir path and result helpers
  // (core/base), writes cli-seen-notices.json atomically (core/fs) and checks the host's identity for
  // `host status` (core/processes); never profiles, supervisor or handlers directly.
  cli: {
    units: ['contract', 'host', 'core/engine', 'core/base', 'core/fs', 'core/processes'],
    packages: 'any',
    node: true,
  },
  shell: { units: ['contract', 'host', 'shell/logic', ...CORE_ALL], packages: 'any', node: true },
  'shell/logic': { units: ['contract'], packages: [], node: false, typeOnly: ['electron'] },
  preload: { units: ['contract'], packages: ['electron'], node: false },
  renderer: { units: ['contract'], packages: ['preact'], node: false },
};

/** The unit a repository path belongs to, or null for files outside the checked tree. */
export function unitOf(rel: string): string | null {
  const p = rel.replace(/\\/g, '/');
  if (p.startsWith('renderer/')) return 'renderer';
  if (p.startsWith('electron/shell/logic/')) return 'shell/logic';
  const m = /^electron\/(contract|host|cli|shell|preload)\//.exec(p);
  if (m) return m[1]!;
  const c = /^electron\/core\/([^/]+)\//.exec(p);
  if (c) return `core/${c[1]}`;
  if (/^electron\/core\/(engine|event-hub|poller)\.ts$/.test(p)) return 'core/engine';
  if (/^electron\/core\/[^/]+\.ts$/.test(p)) return 'core/base';
  return null;
}

type Import = Readonly<{ spec: string; typeOnly: boolean }>;

/** Every module specifier a file names: static imports and re-exports (type-only marked), dynamic imports. */
export function listImports(code: string): Import[] {
  const out: Import[] = [];
  const stripped = code.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
  for (const m of stripped.matchAll(/^\s*(import|export)\s+(type\s+)?([^'";]*?)\s*from\s*['"]([^'"]+)['"]/gm)) {
    const clause = m[3] ?? '';
    const typeOnly = m[2] !== undefined || /^\{\s*(type\s+\w+(\s+as\s+\w+)?\s*,?\s*)+\}$/.test(clause);
    out.push({ spec: m[4]!, typeOnly });
  }
  for (const m of stripped.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm)) out.push({ spec: m[1]!, typeOnly: false });
  for (const m of stripped.matchAll(/\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g))
    out.push({ spec: m[1]!, typeOnly: false });
  return out;
}

function sources(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) return n === 'node_modules' ? [] : sources(p);
    return /\.(ts|tsx|mts)$/.test(n) && !n.endsWith('.d.ts') ? [p] : [];
  });
}

const NODE_BUILTINS = new Set([
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
  'readline',
  'process',
  'module',
  'buffer',
  'assert',
  'tty',
  'zlib',
  'dns',
]);

function packageName(spec: string): string {
  return spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!;
}

/** Checks one file's imports against its unit's row; returns one line per forbidden import, and the unit edges. */
export function checkFile(rel: string, code: string): { problems: string[]; edges: [string, string][] } {
  const unit = unitOf(rel);
  const problems: string[] = [];
  const edges: [string, string][] = [];
  if (unit === null) return { problems, edges };
  const rule = RULES[unit];
  if (!rule) return { problems: [`${rel}: unit ${unit} has no row in the table`], edges };
  for (const { spec, typeOnly } of listImports(code)) {
    if (spec.startsWith('.')) {
      const target = relative(root, resolve(root, dirname(rel), spec))
        .replace(/\\/g, '/')
        .replace(/\.js$/, '.ts');
      const to = unitOf(target) ?? unitOf(target.replace(/\.ts$/, '.tsx'));
      if (to === null) {
        problems.push(`${rel}: imports ${spec}, outside the checked tree`);
        continue;
      }
      if (to === unit) continue;
      edges.push([unit, to]);
      if (!rule.units.includes(to)) problems.push(`${rel} (${unit}) may not import ${spec} (${to})`);
      continue;
    }
    if (spec.startsWith('node:') || NODE_BUILTINS.has(spec)) {
      if (!rule.node) problems.push(`${rel} (${unit}) may not import the Node module ${spec}`);
      continue;
    }
    const pkg = packageName(spec);
    if (typeOnly && rule.typeOnly?.includes(pkg)) continue;
    if (rule.packages !== 'any' && !rule.packages.includes(pkg))
      problems.push(`${rel} (${unit}) may not import the package ${spec}`);
    if (rule.packages === 'any' && (pkg === 'electron' || pkg === 'electron-store') && !typeOnly && unit !== 'shell') {
      problems.push(`${rel} (${unit}) may not load ${pkg} at runtime`);
    }
  }
  return { problems, edges };
}

/** Folder cycles: a → … → a through the unit edges. */
export function findCycles(edges: readonly [string, string][]): string[] {
  const graph = new Map<string, Set<string>>();
  for (const [a, b] of edges) graph.set(a, (graph.get(a) ?? new Set()).add(b));
  const cycles: string[] = [];
  const seen = new Set<string>();
  for (const start of graph.keys()) {
    const stack: [string, string[]][] = [[start, [start]]];
    while (stack.length > 0) {
      const [node, path] = stack.pop()!;
      for (const next of graph.get(node) ?? []) {
        if (next === start) {
          const key = [...path].sort().join(',');
          if (!seen.has(key)) cycles.push([...path, start].join(' → '));
          seen.add(key);
        } else if (!path.includes(next)) stack.push([next, [...path, next]]);
      }
    }
  }
  return cycles;
}

test('every import follows the allowed directions of DESIGN.md', () => {
  const problems: string[] = [];
  for (const file of [...sources(join(root, 'electron')), ...sources(join(root, 'renderer'))]) {
    const rel = relative(root, file).replace(/\\/g, '/');
    problems.push(...checkFile(rel, readFileSync(file, 'utf8')).problems);
  }
  assert.deepEqual(problems, []);
});

test('no two folders import each other, directly or through others', () => {
  const edges: [string, string][] = [];
  for (const file of [...sources(join(root, 'electron')), ...sources(join(root, 'renderer'))]) {
    const rel = relative(root, file).replace(/\\/g, '/');
    edges.push(...checkFile(rel, readFileSync(file, 'utf8')).edges);
  }
  assert.deepEqual(findCycles(edges), []);
});

test('the check catches forbidden imports, type-only ones included, and cycles', () => {
  assert.match(
    checkFile('electron/contract/x.ts', "import type { Listener } from '../core/ports/types.js';").problems[0]!,
    /may not import/,
  );
  assert.match(checkFile('electron/contract/x.ts', "import { join } from 'node:path';").problems[0]!, /Node module/);
  assert.match(
    checkFile('electron/core/processes/x.ts', "import { a } from '../ports/y.js';").problems[0]!,
    /core\/ports/,
  );
  assert.match(checkFile('renderer/x.tsx', "import { h } from 'react';").problems[0]!, /package react/);
  assert.deepEqual(checkFile('electron/shell/logic/x.ts', "import type { Tray } from 'electron';").problems, []);
  assert.match(
    checkFile('electron/shell/logic/x.ts', "import { Tray } from 'electron';").problems[0]!,
    /package electron/,
  );
  assert.match(checkFile('electron/core/engine.ts', "const e = await import('electron');").problems[0]!, /runtime/);
  assert.deepEqual(
    findCycles([
      ['core/free', 'core/supervisor'],
      ['core/supervisor', 'core/profiles'],
      ['core/profiles', 'core/free'],
    ]).length,
    1,
  );
  assert.deepEqual(
    findCycles([
      ['a', 'b'],
      ['b', 'c'],
    ]),
    [],
  );
});
