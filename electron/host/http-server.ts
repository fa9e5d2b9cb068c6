import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Dispatch, Transport } from '../contract/api.js';
import { createHttpGuard, createSecret, type HttpGuard } from './http-auth.js';
import { readJsonBody } from './http-body.js';
import { serveEventStream } from './http-events.js';
import { writeHttpInfo } from './http-info.js';
import { readStatic } from './http-static.js';

export type HttpServerOptions = Readonly<{
  dispatch: Dispatch;
  subscribe: Transport['subscribe'];
  watch?: () => () => void;
  /** The renderer bundle (index.html, app.js, app.css, assets). */
  staticDir: string;
  /** A fixed port (`berth serve --http-port N`); a free one when absent or 0. */
  port?: number;
  /** Where http.json goes; omitted, no file is written. */
  dataDir?: string;
  heartbeatMs?: number;
}>;

export type HttpServer = Readonly<{ url: string; secret: string; port: number; close(): Promise<void> }>;

export const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:";
const BASE_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CSP,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Resource-Policy': 'same-origin',
};
const API_HEADERS = { ...BASE_HEADERS, 'Cache-Control': 'no-store' };
const UNAUTHORIZED = 'This call needs the dashboard secret of this host run: open the URL `berth open` prints.';

/**
 * The host's HTTP face, on 127.0.0.1 only: the window's static files, `POST /api/<command>` into the
 * engine's dispatcher (which validates), `GET /api/events` (SSE). Every /api request needs this run's
 * secret; Host and Origin must be this server's own. Nothing here is handled by command name.
 */
export async function startHttpServer(options: HttpServerOptions): Promise<HttpServer> {
  const secret = createSecret();
  let guard: HttpGuard | null = null;
  const streams = new Set<() => void>();
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      // Never a stack trace to the client, never the secret in a log: a plain 500.
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: { code: 'failed', message: 'internal error' } });
      else res.destroy();
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: options.port ?? 0 }, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  guard = createHttpGuard(secret, port);
  const url = `http://127.0.0.1:${port}/`;
  const removeInfo =
    options.dataDir !== undefined ? writeHttpInfo(options.dataDir, { url, secret, pid: process.pid }) : () => {};

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const g = guard!;
    const rawPath = (req.url ?? '/').split('?')[0]!;
    const isApi = rawPath === '/api' || rawPath.startsWith('/api/');
    const refusal = g.checkOrigin(req);
    if (refusal !== null) return sendError(res, 403, 'refused', refusal, isApi);
    if (!isApi) return sendStatic(req, res, options.staticDir, rawPath);
    const crossPage = g.checkFetchSite(req);
    if (crossPage !== null) return sendError(res, 403, 'refused', crossPage, true);
    if (!g.isAuthorized(req)) return sendError(res, 401, 'permission', UNAUTHORIZED, true);
    const name = decodeSafe(rawPath.slice('/api/'.length));
    if (name === 'events') {
      if (req.method !== 'GET') return sendError(res, 405, 'bad-input', 'use GET for /api/events', true, 'GET');
      const end = serveEventStream(res, API_HEADERS, options);
      streams.add(end);
      res.once('close', () => streams.delete(end));
      return;
    }
    if (req.method !== 'POST') return sendError(res, 405, 'bad-input', `use POST for /api/${name}`, true, 'POST');
    const body = await readJsonBody(req);
    if (!body.ok) return sendError(res, body.status, 'bad-input', body.message, true);
    if (name === 'session') {
      res.writeHead(204, { ...API_HEADERS, 'Set-Cookie': g.sessionCookie() });
      return void res.end();
    }
    // The dispatcher refuses unknown names and invalid requests as a Result; it never throws.
    const result = await options
      .dispatch(name, body.value)
      .catch((err: unknown) => ({ ok: false, error: { code: 'failed', message: String(err) } }));
    sendJson(res, 200, result);
  }

  return {
    url,
    secret,
    port,
    async close() {
      for (const end of streams) end();
      removeInfo();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Idle keep-alive connections would hold close() open; a closing host ends them itself.
        for (const s of sockets) s.destroy();
      });
    },
  };
}

function sendStatic(req: IncomingMessage, res: ServerResponse, root: string, rawPath: string): void {
  if (req.method !== 'GET' && req.method !== 'HEAD')
    return sendError(res, 405, 'bad-input', 'use GET', false, 'GET, HEAD');
  const reply = readStatic(root, rawPath);
  const headers = {
    ...BASE_HEADERS,
    'Content-Type': reply.type,
    'Cache-Control': 'no-cache',
    'Content-Length': reply.body.length,
  };
  res.writeHead(reply.status, headers);
  res.end(req.method === 'HEAD' ? undefined : reply.body);
}

function sendJson(
  res: ServerResponse,
  status: number,
  value: unknown,
  extra: Readonly<Record<string, string>> = {},
): void {
  const body = Buffer.from(JSON.stringify(value));
  res.writeHead(status, {
    ...API_HEADERS,
    ...extra,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': body.length,
  });
  res.end(body);
}

/** /api errors are Result JSON (a page reads them like any other failure); others are one line of text. */
function sendError(
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
  api: boolean,
  allow?: string,
): void {
  const extra: Record<string, string> = allow !== undefined ? { Allow: allow } : {};
  // A body left unread here is discarded by Node itself when the response ends (IncomingMessage._dump).
  if (api) return sendJson(res, status, { ok: false, error: { code, message } }, extra);
  const body = Buffer.from(`${message}\n`);
  res.writeHead(status, {
    ...BASE_HEADERS,
    ...extra,
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': body.length,
  });
  res.end(body);
}

function decodeSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
