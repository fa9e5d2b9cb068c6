import { readFile } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import type { Protocol } from 'electron';
import { APP_SCHEME, isAppUrl } from './logic/app-url.js';
import { CSP } from './logic/window-options.js';

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

/**
 * Must run before `app` is ready: a standard, secure scheme resolves relative URLs and counts as a secure
 * context (Electron docs, protocol.registerSchemesAsPrivileged).
 */
export function registerAppScheme(protocol: Protocol): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/**
 * Serves dist/renderer for berth://app/… with the CSP header on every response. Only files inside the
 * folder; anything else (another host, `..`, a missing file) is a 404 without detail.
 */
export async function serveAppFile(rendererDir: string, url: string): Promise<Response> {
  const headers = { 'Content-Security-Policy': CSP, 'X-Content-Type-Options': 'nosniff' };
  const notFound = (): Response =>
    new Response('Not found', { status: 404, headers: { ...headers, 'Content-Type': 'text/plain' } });
  if (!isAppUrl(url)) return notFound();
  let path: string;
  try {
    path = decodeURIComponent(new URL(url).pathname);
  } catch {
    return notFound();
  }
  const root = resolve(rendererDir);
  const file = resolve(join(root, path === '/' ? 'index.html' : path));
  if (!file.startsWith(root + sep) || path.includes('\0')) return notFound();
  try {
    const body = await readFile(file);
    return new Response(body, {
      status: 200,
      headers: { ...headers, 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' },
    });
  } catch {
    return notFound();
  }
}

/** After ready: protocol.handle (Electron ≥ 25) answers with a web Response. */
export function handleAppProtocol(protocol: Protocol, rendererDir: string): void {
  protocol.handle(APP_SCHEME, (request) => serveAppFile(rendererDir, request.url));
}
