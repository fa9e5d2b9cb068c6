import { closeSync, openSync, readSync } from 'node:fs';
import type { RawSocket } from './types.js';
import { formatIPv4, formatIPv6 } from './inet-address.js';

/**
 * Fallback when netlink is unavailable: /proc/net/tcp and /proc/net/tcp6 (proc(5)). Addresses are
 * hex of the in-kernel 32-bit words in host byte order (little-endian on every platform Berth ships).
 */
const LISTEN_STATE = '0A';

/**
 * Throws when /proc/net/tcp cannot be opened: an empty list would read as "nothing listens" (issue 8
 * §9). A missing tcp6 is normal (IPv6 disabled at boot: ipv6.disable=1) and lists no IPv6 listener.
 */
export function readProcNetListeners(root = '/proc'): RawSocket[] {
  const out: RawSocket[] = [];
  const v4 = safeRead(`${root}/net/tcp`);
  if (typeof v4 !== 'string') throw new Error(`${root}/net/tcp cannot be read (${v4.code})`);
  parseProcNetTcp(v4, 4, out);
  const v6 = safeRead(`${root}/net/tcp6`);
  if (typeof v6 === 'string') parseProcNetTcp(v6, 6, out);
  else if (v6.code !== 'ENOENT') throw new Error(`${root}/net/tcp6 cannot be read (${v6.code})`);
  return out;
}

const chunk = Buffer.alloc(1 << 16);

/**
 * The kernel prints the listening hash before the established hash (net/ipv4/tcp_ipv4.c,
 * tcp_seq_next), and walking the established hash costs milliseconds on a large machine even
 * when it is empty. So reading stops at the first complete line that is not LISTEN.
 */
function safeRead(path: string): string | Readonly<{ code: string }> {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    return { code: (err as NodeJS.ErrnoException).code ?? String(err) };
  }
  // Chunks are kept apart and joined once: appending to one string would re-flatten it per read.
  const parts: string[] = [];
  let header = true;
  let partial = '';
  try {
    for (;;) {
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n <= 0) break;
      const piece = chunk.toString('latin1', 0, n);
      parts.push(piece);
      const lines = (partial + piece).split('\n');
      partial = lines.pop() ?? '';
      if (header && lines.length > 0) {
        lines.shift();
        header = false;
      }
      if (lines.some((l) => l.trim().split(/\s+/, 4)[3] !== LISTEN_STATE)) break;
    }
  } catch {
    // A read error mid-file leaves what was read; the caller parses complete lines only.
  } finally {
    closeSync(fd);
  }
  return parts.join('');
}

export function parseProcNetTcp(text: string, family: 4 | 6, out: RawSocket[]): void {
  let lineStart = text.indexOf('\n') + 1; // skip header
  while (lineStart > 0 && lineStart < text.length) {
    const lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) break; // incomplete last line
    const line = text.slice(lineStart, lineEnd);
    lineStart = lineEnd + 1;
    const f = line.trim().split(/\s+/);
    // sl local rem st tx:rx tr:when retrnsmt uid timeout inode
    if (f.length < 10 || f[3] !== LISTEN_STATE) continue;
    const local = f[1] ?? '';
    const colon = local.indexOf(':');
    const bytes = hexWordsToBytes(local.slice(0, colon));
    out.push({
      family,
      address: family === 4 ? formatIPv4(bytes) : formatIPv6(bytes),
      port: parseInt(local.slice(colon + 1), 16),
      uid: Number(f[7]),
      inode: Number(f[9]),
    });
  }
}

function hexWordsToBytes(hex: string): Uint8Array {
  const bytes = new Uint8Array(hex.length / 2);
  for (let w = 0; w < hex.length / 8; w++) {
    const word = parseInt(hex.slice(w * 8, w * 8 + 8), 16);
    bytes[w * 4] = word & 0xff;
    bytes[w * 4 + 1] = (word >>> 8) & 0xff;
    bytes[w * 4 + 2] = (word >>> 16) & 0xff;
    bytes[w * 4 + 3] = (word >>> 24) & 0xff;
  }
  return bytes;
}
