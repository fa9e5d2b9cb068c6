import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { extname, join, sep } from 'node:path';

/** What the static half of the server answers: a file, or a status with a short text. */
export type StaticReply =
  Readonly<{ status: 200; type: string; body: Buffer }> | Readonly<{ status: 403 | 404; type: string; body: Buffer }>;

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

// No inline style or script: the page obeys the same CSP as the real window.
const NOT_BUILT = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Berth</title></head>
<body><h1>Berth</h1>
<p>The Berth window is not built here yet. Run <code>npm run build</code>, then reload this page.</p>
<p>The host runs: the <code>berth</code> command works meanwhile.</p></body></html>
`;

const text = (status: 403 | 404, message: string): StaticReply => ({
  status,
  type: 'text/plain; charset=utf-8',
  body: Buffer.from(`${message}\n`),
});

/**
 * Resolves a request path (raw, still percent-encoded) inside `root`. Segments are decoded one by
 * one so that an encoded slash or dot-dot (`..%2f`, `%2e%2e`) can never climb out; the real path
 * is checked again so a symlink cannot lead outside either.
 */
export function readStatic(root: string, rawPath: string): StaticReply {
  const segments: string[] = [];
  for (const raw of rawPath.split('/')) {
    let seg: string;
    try {
      seg = decodeURIComponent(raw);
    } catch {
      return text(403, 'Bad path.');
    }
    if (seg === '..' || seg.includes('/') || seg.includes('\\') || seg.includes('\0'))
      return text(403, 'Path outside the window bundle refused.');
    if (seg !== '' && seg !== '.') segments.push(seg);
  }
  if (segments.length === 0 && !existsSync(join(root, 'index.html')))
    return { status: 200, type: TYPES['.html']!, body: Buffer.from(NOT_BUILT) };
  const file = segments.length === 0 ? join(root, 'index.html') : join(root, ...segments);
  try {
    const real = realpathSync(file);
    const base = realpathSync(root);
    if (real !== base && !real.startsWith(base + sep)) return text(403, 'Path outside the window bundle refused.');
    if (!statSync(real).isFile()) return text(404, 'Not found.');
    return {
      status: 200,
      type: TYPES[extname(real).toLowerCase()] ?? 'application/octet-stream',
      body: readFileSync(real),
    };
  } catch {
    return text(404, 'Not found.');
  }
}
