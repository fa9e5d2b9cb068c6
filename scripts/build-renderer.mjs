#!/usr/bin/env node
/**
 * Bundles the window for the browser and the Electron window: renderer/main.tsx -> dist/renderer/app.js,
 * plus index.html and app.css copied beside it. One script file and one stylesheet, both loaded from
 * 'self', so the strict CSP (no inline script or style) holds. `--preload` also bundles the sandboxed
 * preload to one CommonJS file (a sandboxed preload cannot load ES modules or other files).
 *   node scripts/build-renderer.mjs [--preload] [--watch]
 */
import { build, context } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist', 'renderer');
const args = new Set(process.argv.slice(2));

const rendererOptions = {
  entryPoints: [join(root, 'renderer', 'main.tsx')],
  outfile: join(out, 'app.js'),
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: ['chrome120'],
  jsx: 'automatic',
  jsxImportSource: 'preact',
  minify: true,
  sourcemap: 'linked',
  // The page may not use eval or Function (CSP without 'unsafe-eval'); esbuild emits neither.
  legalComments: 'none',
  logLevel: 'warning',
};

const preloadOptions = {
  entryPoints: [join(root, 'electron', 'preload', 'preload.ts')],
  outfile: join(root, 'dist', 'preload', 'preload.cjs'),
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: ['node20'],
  // Provided by Electron at run time; everything else (the contract, zod) is bundled in.
  external: ['electron'],
  minify: false,
  logLevel: 'warning',
};

function copyStatic() {
  mkdirSync(out, { recursive: true });
  copyFileSync(join(root, 'renderer', 'index.html'), join(out, 'index.html'));
  copyFileSync(join(root, 'renderer', 'styles', 'app.css'), join(out, 'app.css'));
}

copyStatic();
if (args.has('--watch')) {
  const ctx = await context(rendererOptions);
  await ctx.watch();
  console.log('Watching renderer/ (static files are copied once; rerun after editing index.html or app.css).');
} else {
  await build(rendererOptions);
  const preloadSource = preloadOptions.entryPoints[0];
  if (args.has('--preload') || existsSync(preloadSource)) {
    if (existsSync(preloadSource)) await build(preloadOptions);
    else console.warn(`No preload at ${preloadSource}; skipped.`);
  }
}
