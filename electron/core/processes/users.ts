import { readFileSync } from 'node:fs';
import { userInfo } from 'node:os';

/** uid → user name, from /etc/passwd, read once per process (cheap, and names rarely change). */
let byUid: Map<number, string> | undefined;

export function userNameForUid(uid: number | null): string | null {
  if (uid === null) return null;
  if (byUid === undefined) {
    byUid = new Map();
    try {
      for (const line of readFileSync('/etc/passwd', 'utf8').split('\n')) {
        const f = line.split(':');
        if (f.length > 2 && f[0]) byUid.set(Number(f[2]), f[0]);
      }
    } catch {
      // No passwd file (containers, Windows): fall back to the numeric uid below.
    }
  }
  return byUid.get(uid) ?? String(uid);
}

export function currentUid(): number | null {
  return typeof process.getuid === 'function' ? process.getuid() : null;
}

export function currentUserName(): string {
  try {
    return userInfo().username;
  } catch {
    return 'this user';
  }
}
