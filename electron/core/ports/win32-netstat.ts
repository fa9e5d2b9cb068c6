/**
 * Parser for `netstat -ano -p TCP` and `-p TCPv6` on Windows. The state column is localised
 * ("LISTENING", "ABHÖREN", "ÉCOUTE"…), so a listener is recognised by its foreign address being the
 * wildcard with port 0, which netstat prints only for listening sockets.
 */
export type NetstatListener = { family: 4 | 6; address: string; port: number; pid: number };

export function parseNetstatListen(text: string): NetstatListener[] {
  const out: NetstatListener[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const f = raw.trim().split(/\s+/);
    if (f.length < 5 || f[0]?.toUpperCase() !== 'TCP') continue;
    const local = splitHostPort(f[1] ?? '');
    const foreign = f[2] ?? '';
    if (!local || !(foreign === '0.0.0.0:0' || foreign === '[::]:0' || foreign === '*:*')) continue;
    const pid = Number(f[f.length - 1]);
    if (!Number.isInteger(pid)) continue;
    out.push({ ...local, pid });
  }
  return out;
}

function splitHostPort(s: string): { family: 4 | 6; address: string; port: number } | null {
  const colon = s.lastIndexOf(':');
  if (colon < 0) return null;
  const port = Number(s.slice(colon + 1));
  if (!Number.isInteger(port)) return null;
  let host = s.slice(0, colon);
  const v6 = host.startsWith('[');
  if (v6) host = host.slice(1, -1);
  return { family: v6 ? 6 : 4, address: host, port };
}
