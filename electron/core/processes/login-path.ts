import { execFile } from 'node:child_process';

/**
 * The PATH of the user's login shell. A host started from a desktop session (a tray app launched at
 * login, a .desktop file, launchd) inherits a short PATH without the user's nvm, Homebrew or ~/.local
 * entries, so `npm run dev` would be "command not found" there while it works in the terminal. The
 * login shell is asked once, with a timeout; its entries come first, then the host's own.
 */
export type LoginPathOptions = Readonly<{ shell?: string; timeoutMs?: number; currentPath?: string }>;

const MARK = '__BERTH_PATH__';

export function readLoginPath(options: LoginPathOptions = {}): Promise<string> {
  const current = options.currentPath ?? process.env.PATH ?? '';
  if (process.platform === 'win32') return Promise.resolve(current);
  const shell = options.shell ?? process.env.SHELL ?? '/bin/sh';
  return new Promise((resolve) => {
    // -l: a login shell reads the profile files that set PATH; -i is left out: an interactive shell
    // may wait on a terminal. The markers skip whatever the profile files print.
    execFile(
      shell,
      ['-l', '-c', `printf '${MARK}%s${MARK}' "$PATH"`],
      { timeout: options.timeoutMs ?? 3000, env: process.env },
      (err, stdout) => {
        const m = new RegExp(`${MARK}(.*)${MARK}`, 's').exec(String(stdout));
        if (err || !m) return resolve(current);
        resolve(mergePaths(m[1]!, current));
      },
    );
  });
}

/** Entries of `first`, then those of `second` not seen yet; empty entries dropped. */
export function mergePaths(first: string, second: string, sep = process.platform === 'win32' ? ';' : ':'): string {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const entry of [...first.split(sep), ...second.split(sep)]) {
    if (entry === '' || seen.has(entry)) continue;
    seen.add(entry);
    out.push(entry);
  }
  return out.join(sep);
}

let cached: Promise<string> | null = null;

/** Asked once per host process. */
export function loginPath(): Promise<string> {
  cached ??= readLoginPath();
  return cached;
}
