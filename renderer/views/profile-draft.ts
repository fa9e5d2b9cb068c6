import { Profile, type ProfileInput } from '../../electron/contract/profile.js';

/** What the form holds: text exactly as typed, so nothing is lost while it does not validate yet. */
export type PortDraft = { name: string; preferred: string; from: string; to: string; pinned: boolean; sticky?: number };
export type ProfileDraft = {
  name: string;
  command: string;
  cwd: string;
  ports: PortDraft[];
  policy: string;
  env: string;
  envFile: string;
  args: string;
  readyType: string;
  readyPath: string;
  readyStatus: string;
  readyPattern: string;
  readyTimeout: string;
  stopTimeout: string;
  restart: string;
  group: string;
  url: string;
  autostart: boolean;
};

export const emptyPort = (): PortDraft => ({ name: 'PORT', preferred: '', from: '', to: '', pinned: false });

export function emptyDraft(): ProfileDraft {
  return {
    name: '',
    command: '',
    cwd: '',
    ports: [emptyPort()],
    policy: 'fallback',
    env: '',
    envFile: '',
    args: '',
    readyType: 'tcp',
    readyPath: '/',
    readyStatus: '',
    readyPattern: '',
    readyTimeout: '30',
    stopTimeout: '10',
    restart: 'never',
    group: '',
    url: 'http://localhost:{PORT}',
    autostart: false,
  };
}

export function draftOf(p: Profile): ProfileDraft {
  return {
    name: p.name,
    command: p.command,
    cwd: p.cwd,
    policy: p.policy,
    envFile: p.envFile ?? '',
    restart: p.restart,
    ports: p.ports.map((s) => ({
      name: s.name,
      preferred: s.preferred?.toString() ?? '',
      from: s.range?.[0].toString() ?? '',
      to: s.range?.[1].toString() ?? '',
      pinned: s.pinned,
      ...(s.sticky !== undefined ? { sticky: s.sticky } : {}),
    })),
    env: Object.entries(p.env)
      .map(([k, v]) => `${k}=${v}`)
      .join('\n'),
    args: p.args.join('\n'),
    readyType: p.ready.type,
    readyPath: p.ready.type === 'http' ? p.ready.path : '/',
    readyStatus: p.ready.type === 'http' && p.ready.status !== undefined ? String(p.ready.status) : '',
    readyPattern: p.ready.type === 'log' ? p.ready.pattern : '',
    readyTimeout: String(p.readyTimeout),
    stopTimeout: String(p.stopTimeout),
    group: p.group ?? '',
    url: p.url,
    autostart: p.autostart,
  };
}

/** A number field: empty is "not given"; text that is not a number is passed on so the schema names it. */
function num(s: string): number | string | undefined {
  const t = s.trim();
  if (t === '') return undefined;
  return /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : t;
}

const lines = (s: string): string[] =>
  s
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');

/** The draft as the profile the engine validates, and problems the schema cannot see (e.g. "KEY" without "="). */
export function inputOf(d: ProfileDraft): { input: Record<string, unknown>; local: Record<string, string> } {
  const local: Record<string, string> = {};
  const env: Record<string, string> = {};
  for (const line of lines(d.env)) {
    const eq = line.indexOf('=');
    if (eq <= 0) local.env = `each line must be NAME=value, got ${JSON.stringify(line)}`;
    else env[line.slice(0, eq).trim()] = line.slice(eq + 1);
  }
  const ready =
    d.readyType === 'http'
      ? {
          type: 'http',
          path: d.readyPath.trim() || '/',
          ...(num(d.readyStatus) !== undefined ? { status: num(d.readyStatus) } : {}),
        }
      : d.readyType === 'log'
        ? { type: 'log', pattern: d.readyPattern }
        : { type: 'tcp' };
  const input: Record<string, unknown> = {
    name: d.name.trim(),
    command: d.command,
    cwd: d.cwd.trim(),
    env,
    policy: d.policy,
    args: lines(d.args),
    ready,
    restart: d.restart,
    url: d.url.trim(),
    autostart: d.autostart,
    ports: d.ports.map((p) => {
      const from = num(p.from);
      const to = num(p.to);
      return {
        name: p.name.trim(),
        pinned: p.pinned,
        ...(num(p.preferred) !== undefined ? { preferred: num(p.preferred) } : {}),
        ...(from !== undefined || to !== undefined ? { range: [from ?? '', to ?? ''] } : {}),
        ...(p.sticky !== undefined ? { sticky: p.sticky } : {}),
      };
    }),
  };
  for (const [k, v] of [
    ['readyTimeout', d.readyTimeout],
    ['stopTimeout', d.stopTimeout],
  ] as const)
    if (num(v) !== undefined) input[k] = num(v);
  if (d.envFile.trim() !== '') input.envFile = d.envFile.trim();
  if (d.group.trim() !== '') input.group = d.group.trim();
  return { input, local };
}

/** Validates with the contract's own Profile schema: field path ("ports.0.preferred") -> its message. */
export function validateDraft(d: ProfileDraft): { errors: Record<string, string>; profile: ProfileInput | null } {
  const { input, local } = inputOf(d);
  const parsed = Profile.safeParse(input);
  const errors: Record<string, string> = { ...local };
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = issue.path.map(String);
      // env.<NAME> and ports.<i>.range.<j> are shown at their field, not at a sub-key the form has no input for.
      const key =
        path[0] === 'env'
          ? 'env'
          : path[0] === 'ports' && path[2] === 'range'
            ? path.slice(0, 3).join('.')
            : path.join('.');
      // A bad record key carries the key schema's own message one level down ("must be an environment variable name").
      const message = issue.code === 'invalid_key' ? (issue.issues[0]?.message ?? issue.message) : issue.message;
      errors[key || 'profile'] ??= message;
    }
  }
  return { errors, profile: parsed.success && Object.keys(local).length === 0 ? (input as ProfileInput) : null };
}
