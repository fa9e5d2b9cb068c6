/**
 * The window's own origin. The page is served from a custom `berth://` scheme (registered as standard and
 * secure by the shell), never from `file://` or the host's HTTP port, so "is this Berth's page?" is one
 * exact check on the parsed URL (Electron security checklist, "Use a custom protocol instead of file://").
 */
export const APP_SCHEME = 'berth';
export const APP_HOST = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/**
 * True only for `berth://app/…`: scheme, host and port compared after parsing, so look-alikes such as
 * `berth://app.evil/`, `berth://app@evil/` or `berth://app:1/` are refused.
 */
export function isAppUrl(url: string | null | undefined): boolean {
  if (!url) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (
    parsed.protocol === `${APP_SCHEME}:` &&
    parsed.hostname === APP_HOST &&
    parsed.port === '' &&
    parsed.username === '' &&
    parsed.password === ''
  );
}
