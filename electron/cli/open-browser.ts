import { spawn } from 'node:child_process';

export type Opener = Readonly<{ command: string; args: readonly string[] }> | Readonly<{ reason: string }>;

/** How this OS opens a URL in the default browser, or why it cannot here (a pure decision). */
export function chooseOpener(url: string, platform: NodeJS.Platform, env: NodeJS.ProcessEnv): Opener {
  if (platform === 'darwin') return { command: 'open', args: [url] };
  // `start` is a cmd built-in; its first quoted argument is a window title, hence the empty "".
  if (platform === 'win32') return { command: 'cmd', args: ['/d', '/s', '/c', 'start', '""', url.replace(/&/g, '^&')] };
  if (!env.DISPLAY && !env.WAYLAND_DISPLAY)
    return { reason: 'no graphical session: DISPLAY and WAYLAND_DISPLAY are unset' };
  return { command: 'xdg-open', args: [url] };
}

/** How long an opener that fails at once (no browser configured) has to say so by its exit code. */
const QUICK_FAILURE_MS = 1500;

/**
 * Opens the URL in the default browser: the opener runs detached and is never waited on beyond a
 * short look at whether it failed at once. Resolves `{opened: false, reason}` instead of throwing.
 */
export async function openInBrowser(
  url: string,
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ opened: true } | { opened: false; reason: string }> {
  const opener = chooseOpener(url, platform, env);
  if ('reason' in opener) return { opened: false, reason: opener.reason };
  return new Promise((resolve) => {
    let settled = false;
    const done = (v: { opened: true } | { opened: false; reason: string }): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.unref();
      resolve(v);
    };
    const child = spawn(opener.command, [...opener.args], {
      detached: true,
      stdio: 'ignore',
      windowsVerbatimArguments: platform === 'win32',
    });
    const timer = setTimeout(() => done({ opened: true }), QUICK_FAILURE_MS);
    child.once('error', (err) => done({ opened: false, reason: `${opener.command} could not run (${err.message})` }));
    child.once('exit', (code) =>
      done(code === 0 ? { opened: true } : { opened: false, reason: `${opener.command} exited with code ${code}` }),
    );
  });
}
