import { existsSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { Profile, type ProfileInput } from './schema.js';
import { formatIssues } from '../../contract/issues.js';
import { fail, ok, type Result } from '../result.js';

/**
 * Full validation of a profile about to be saved: the schema, then what only the machine can tell
 * (the folder exists, the env file exists, a privileged port can be bound).
 */
export function validateProfile(input: ProfileInput | unknown): Result<Profile> {
  const parsed = Profile.safeParse(input);
  if (!parsed.success) return fail('bad-input', formatIssues(parsed.error));
  const p = parsed.data;
  if (!isAbsolute(p.cwd)) return fail('bad-input', `cwd: must be an absolute path, got ${JSON.stringify(p.cwd)}`);
  if (!existsSync(p.cwd))
    return fail('bad-input', `cwd: folder ${p.cwd} does not exist`, 'Create it or pass --cwd with an existing folder.');
  if (!statSync(p.cwd).isDirectory())
    return fail('bad-input', `cwd: ${p.cwd} is a file, not a folder`, 'Pass --cwd with the folder the server runs in.');
  if (p.envFile !== undefined) {
    const path = resolve(p.cwd, p.envFile);
    if (!existsSync(path)) return fail('bad-input', `envFile: ${path} does not exist`);
  }
  const lowest = unprivilegedPortStart();
  for (const [i, spec] of p.ports.entries()) {
    for (const port of [spec.preferred, spec.range?.[0]]) {
      if (port !== undefined && port < lowest && !canBindPrivileged()) {
        return fail(
          'bad-input',
          `ports.${i}.${spec.name}: port ${port} is privileged (below ${lowest}) and this user may not bind it`,
          'Use a port of 1024 or more, or run the server with the rights to bind it.',
        );
      }
    }
  }
  return ok(p);
}

function canBindPrivileged(): boolean {
  return process.platform === 'win32' || process.getuid?.() === 0;
}

/** Linux lets the admin lower the privileged boundary (net.ipv4.ip_unprivileged_port_start). */
function unprivilegedPortStart(): number {
  // macOS 10.14+ lets any user bind ports below 1024; Windows has no privileged ports.
  if (process.platform !== 'linux') return 0;
  try {
    return Number(readFileSync('/proc/sys/net/ipv4/ip_unprivileged_port_start', 'utf8').trim()) || 1024;
  } catch {
    return 1024;
  }
}
