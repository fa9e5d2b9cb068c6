import type { IncomingMessage } from 'node:http';

/** Largest request body accepted: the same bound as a control-socket line. */
export const MAX_BODY_BYTES = 1024 * 1024;

export type BodyRead =
  Readonly<{ ok: true; value: unknown }> | Readonly<{ ok: false; status: 400 | 413 | 415; message: string }>;

const hasBody = (req: IncomingMessage): boolean =>
  req.headers['transfer-encoding'] !== undefined ||
  (req.headers['content-length'] !== undefined && req.headers['content-length'] !== '0');

/**
 * Reads a JSON request body. A body must be declared `application/json`: a cross-site form cannot
 * send that type without a preflight, which this server never grants. No body means `{}`.
 */
export async function readJsonBody(req: IncomingMessage): Promise<BodyRead> {
  if (!hasBody(req)) return { ok: true, value: undefined };
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json')
    return { ok: false, status: 415, message: 'request body must be Content-Type: application/json' };
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > MAX_BODY_BYTES) return { ok: false, status: 413, message: 'request body is larger than 1 MiB' };
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return { ok: false, status: 413, message: 'request body is larger than 1 MiB' };
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, status: 400, message: 'request body is not JSON' };
  }
}
