import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * Who may talk to the host's HTTP server (DESIGN.md "Security of the faces"): a page from this very
 * origin (Host and Origin checked against DNS rebinding and cross-site requests) holding this run's
 * secret, as a Bearer header or as the session cookie derived from it.
 */
export type HttpGuard = Readonly<{
  secret: string;
  /** The cookie's name and value, set by POST /api/session. */
  cookieName: string;
  /** Why the request's Host or Origin is refused, or null when both are this server's. */
  checkOrigin(req: IncomingMessage): string | null;
  /**
   * Why an API request made by another page is refused: browsers say where a request comes from in
   * Sec-Fetch-Site, even for the no-cors GETs that carry no Origin (an EventSource from a page on
   * another 127.0.0.1 port is "same-site"). Only the dashboard's own page ("same-origin") and
   * non-browser clients (no header) or typed URLs ("none") may call.
   */
  checkFetchSite(req: IncomingMessage): string | null;
  isAuthorized(req: IncomingMessage): boolean;
  sessionCookie(): string;
}>;

export function createSecret(): string {
  return randomBytes(32).toString('base64url');
}

export function createHttpGuard(secret: string, port: number): HttpGuard {
  const hosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const origins = new Set([...hosts].map((h) => `http://${h}`));
  // The cookie carries a value derived from the secret, so the secret itself is never stored by the browser.
  const token = createHmac('sha256', secret).update('berth-session').digest('base64url');
  // Cookies are not scoped by port: one name per port keeps two hosts (two data dirs) from
  // overwriting each other's session in the same browser.
  const cookieName = `berth-session-${port}`;
  return {
    secret,
    cookieName,
    checkOrigin(req) {
      const host = req.headers.host;
      if (host === undefined || !hosts.has(host))
        return `Host ${JSON.stringify(host ?? '')} is not this server (DNS rebinding?)`;
      const origin = req.headers.origin;
      if (origin !== undefined && !origins.has(origin))
        return `Origin ${JSON.stringify(origin)} may not call this server`;
      return null;
    },
    checkFetchSite(req) {
      const site = req.headers['sec-fetch-site'];
      if (site === undefined || site === 'same-origin' || site === 'none') return null;
      return `A request from another page (Sec-Fetch-Site: ${JSON.stringify(site)}) may not call this server`;
    },
    isAuthorized(req) {
      const auth = req.headers.authorization;
      if (auth !== undefined && auth.startsWith('Bearer '))
        return equalSecret(auth.slice('Bearer '.length).trim(), secret);
      const cookie = readCookie(req.headers.cookie, cookieName);
      return cookie !== null && equalSecret(cookie, token);
    },
    sessionCookie: () => `${cookieName}=${token}; HttpOnly; SameSite=Strict; Path=/`,
  };
}

/** Constant-time comparison: hashing first makes the lengths equal, so not even the length leaks. */
export function equalSecret(given: string, expected: string): boolean {
  const a = createHmac('sha256', 'berth-compare').update(given).digest();
  const b = createHmac('sha256', 'berth-compare').update(expected).digest();
  return timingSafeEqual(a, b);
}

function readCookie(header: string | undefined, name: string): string | null {
  if (header === undefined) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}
