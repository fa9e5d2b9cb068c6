import { readFileSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../core/fs/atomic.js';

/** `<dataDir>/http.json` (0600): how the CLI finds the running host's dashboard. */
export type HttpInfo = Readonly<{ url: string; secret: string; pid: number }>;

export const httpInfoPath = (dataDir: string): string => join(dataDir, 'http.json');

/** The URL a user opens: the secret rides in the fragment, which browsers never send to a server. */
export function dashboardUrl(info: Pick<HttpInfo, 'url' | 'secret'>): string {
  return `${info.url}#secret=${info.secret}`;
}

/** Writes the file and returns a function removing it, but only while it is still this host's. */
export function writeHttpInfo(dataDir: string, info: HttpInfo): () => void {
  const path = httpInfoPath(dataDir);
  const content = `${JSON.stringify(info)}\n`;
  writeFileAtomic(path, content, { mode: 0o600 });
  return () => {
    try {
      if (readFileSync(path, 'utf8') === content) unlinkSync(path);
    } catch {
      // already gone, or replaced by the next host
    }
  };
}

/** The running host's HTTP info, or null when the file is missing or not in this shape. */
export function readHttpInfo(dataDir: string): HttpInfo | null {
  try {
    const v = JSON.parse(readFileSync(httpInfoPath(dataDir), 'utf8')) as Partial<HttpInfo>;
    if (typeof v.url === 'string' && typeof v.secret === 'string' && typeof v.pid === 'number')
      return { url: v.url, secret: v.secret, pid: v.pid };
    return null;
  } catch {
    return null;
  }
}
