import { connect } from 'node:net';
import { request } from 'node:http';

export const LOOPBACK_HOSTS = ['127.0.0.1', '::1'] as const;

/** A TCP connect to the port on loopback (IPv4, then IPv6). */
export async function probeTcp(port: number, timeoutMs = 500): Promise<boolean> {
  for (const host of LOOPBACK_HOSTS) if (await connectOnce(port, host, timeoutMs)) return true;
  return false;
}

/** The loopback addresses that accept a connection on the port (to build a URL that works). */
export async function probeTcpHosts(port: number, timeoutMs = 500): Promise<string[]> {
  const out: string[] = [];
  for (const host of LOOPBACK_HOSTS) if (await connectOnce(port, host, timeoutMs)) out.push(host);
  return out;
}

function connectOnce(port: number, host: string, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ port, host });
    const done = (ok: boolean): void => {
      // end() sends FIN rather than RST, so a server with sloppy error handling is not hurt by the probe.
      if (ok) s.end();
      else s.destroy();
      s.on('error', () => {});
      resolve(ok);
    };
    s.setTimeout(timeoutMs, () => done(false));
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
  });
}

/** What an HTTP readiness probe got: `status` null when nothing answered. */
export type HttpProbe = Readonly<{ ok: boolean; status: number | null }>;

/**
 * GET http://host:port/path; ready when the status matches the profile's, or with none given is 2xx
 * or 3xx (a dev server often redirects / to its app). Anything else is reported as what it got.
 */
export function probeHttp(
  port: number,
  path: string,
  status: number | undefined,
  timeoutMs = 2000,
  host = '127.0.0.1',
): Promise<HttpProbe> {
  return new Promise((resolve) => {
    const req = request({ host, port, path, method: 'GET', timeout: timeoutMs }, (res) => {
      res.resume();
      const code = res.statusCode ?? 0;
      resolve({ ok: status !== undefined ? code === status : code >= 200 && code < 400, status: code });
    });
    req.once('timeout', () => req.destroy());
    req.once('error', () => resolve({ ok: false, status: null }));
    req.end();
  });
}

/** Readiness probes back off (issue 8 §9): 100 ms, then ×1.5 up to 1 s: a few a second at most. */
export function nextProbeDelay(previousMs: number | null): number {
  return previousMs === null ? 100 : Math.min(1000, Math.round(previousMs * 1.5));
}
