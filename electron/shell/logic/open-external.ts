/**
 * `shell.openExternal` hands a URL to the OS, which will open anything it has a handler for (files,
 * `smb:`, custom schemes), so Berth only ever opens what it launched itself: an http(s) page on loopback
 * with the origin of a known instance. Electron security checklist, "Do not use shell.openExternal with
 * untrusted content".
 */

const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['127.0.0.1', '[::1]', 'localhost']);

function parseLoopbackHttpUrl(url: string): URL | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  const isHttp = parsed.protocol === 'http:' || parsed.protocol === 'https:';
  const hasCredentials = parsed.username !== '' || parsed.password !== '';
  return isHttp && !hasCredentials && LOOPBACK_HOSTS.has(parsed.hostname) ? parsed : undefined;
}

export function isAllowedExternalUrl(url: string, knownInstanceUrls: readonly string[]): boolean {
  const target = parseLoopbackHttpUrl(url);
  if (!target) return false;
  return knownInstanceUrls.some((known) => parseLoopbackHttpUrl(known)?.origin === target.origin);
}
