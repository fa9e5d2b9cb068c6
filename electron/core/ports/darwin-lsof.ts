/**
 * Parser for `lsof -nP -iTCP -sTCP:LISTEN -F` (lsof(8) "OUTPUT FOR OTHER PROGRAMS"): one field per
 * line, the first character names the field. A `p` line starts a process set, an `f` line a file.
 */
export type LsofProcess = {
  pid: number;
  command: string;
  uid: number | null;
  login: string | null;
  sockets: { family: 4 | 6; address: string; port: number }[];
};

export function parseLsofListen(text: string): LsofProcess[] {
  const out: LsofProcess[] = [];
  let proc: LsofProcess | null = null;
  let fileType = '';
  let pending: { family: 4 | 6; address: string; port: number } | null = null;
  let listening = true;

  const flush = (): void => {
    if (proc && pending && listening) proc.sockets.push(pending);
    pending = null;
    listening = true;
  };

  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '');
    if (line === '') continue;
    const tag = line[0];
    const value = line.slice(1);
    switch (tag) {
      case 'p':
        flush();
        proc = { pid: Number(value), command: '', uid: null, login: null, sockets: [] };
        out.push(proc);
        break;
      case 'c':
        if (proc) proc.command = value;
        break;
      case 'u':
        if (proc) proc.uid = Number(value);
        break;
      case 'L':
        if (proc) proc.login = value;
        break;
      case 'f':
        flush();
        fileType = '';
        break;
      case 't':
        fileType = value;
        break;
      case 'n':
        pending = parseLsofName(value, fileType === 'IPv6' ? 6 : 4);
        break;
      case 'T':
        if (value.startsWith('ST=') && value !== 'ST=LISTEN') listening = false;
        break;
      default:
        break;
    }
  }
  flush();
  return out.filter((p) => p.sockets.length > 0);
}

/** "127.0.0.1:8080", "[::1]:8080", "*:8080" (wildcard of the file's family). */
function parseLsofName(name: string, family: 4 | 6): { family: 4 | 6; address: string; port: number } | null {
  const arrow = name.indexOf('->');
  const local = arrow >= 0 ? name.slice(0, arrow) : name;
  const colon = local.lastIndexOf(':');
  if (colon < 0) return null;
  const port = Number(local.slice(colon + 1));
  if (!Number.isInteger(port)) return null;
  let host = local.slice(0, colon);
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  if (host === '*') host = family === 6 ? '::' : '0.0.0.0';
  return { family: host.includes(':') ? 6 : 4, address: host, port };
}
