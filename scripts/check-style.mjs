/**
 * Fails when a line of a source file is longer than 120 characters (Prettier's print width: Prettier does not
 * break long strings or comments, so those are checked here). The files are the tracked ones (`git ls-files`),
 * or, without git, those under the source folders.
 *
 * Usage: node scripts/check-style.mjs
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const MAX = 120;
const EXTENSIONS = new Set(['.ts', '.tsx', '.mjs', '.cjs', '.js', '.yml', '.json']);
const SKIP_PREFIXES = ['test/fixtures/ports/', 'resources/'];
const WALK_ROOTS = ['electron', 'renderer', 'test', 'bench', 'scripts', 'bin'];
const WALK_SKIP = new Set(['node_modules', 'dist']);

const root = fileURLToPath(new URL('..', import.meta.url));

/** Paths relative to the root, with forward slashes. */
function trackedFiles() {
  const r = spawnSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.error || r.status !== 0) return null;
  return r.stdout.split('\0').filter((p) => p !== '');
}

function walk(dir, out) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      if (!WALK_SKIP.has(e.name)) walk(p, out);
    } else if (e.isFile()) out.push(relative(root, p).split(sep).join('/'));
  }
  return out;
}

function wanted(path) {
  if (!EXTENSIONS.has(extname(path))) return false;
  if (path === 'package-lock.json' || path.endsWith('/package-lock.json')) return false;
  return !SKIP_PREFIXES.some((prefix) => path.startsWith(prefix));
}

const listed = trackedFiles();
const files = (listed ?? WALK_ROOTS.flatMap((d) => walk(join(root, d), []))).filter(wanted).sort();

let checked = 0;
const long = [];
for (const file of files) {
  let text;
  try {
    text = readFileSync(join(root, file), 'utf8');
  } catch (err) {
    if (err.code === 'ENOENT') continue; // tracked, but deleted in the working tree
    throw err;
  }
  checked++;
  text.split('\n').forEach((line, i) => {
    // Characters, not UTF-16 units or bytes: '→' is one.
    const length = [...line.replace(/\r$/, '')].length;
    if (length > MAX) long.push(`${file}:${i + 1}: ${length} characters (max ${MAX})`);
  });
}

if (long.length > 0) {
  for (const l of long) console.error(l);
  console.error(`check-style: ${long.length} line(s) over ${MAX} characters in ${checked} files.`);
  process.exitCode = 1;
} else {
  console.log(`check-style: ${checked} files (${listed ? 'git ls-files' : 'walked'}), no line over ${MAX} characters.`);
}
