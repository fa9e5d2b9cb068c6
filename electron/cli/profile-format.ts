import type { Profile } from '../contract/profile.js';
import { formatTable } from './style.js';
import type { Look } from './status-format.js';

/** "PORT=5173 (5173–5199) VITE_HMR_PORT=24678" */
export function describePorts(p: Profile): string {
  if (p.ports.length === 0) return 'no port';
  return p.ports
    .map((s) => `${s.name}=${s.sticky ?? s.preferred ?? 'auto'}${s.range ? ` (${s.range[0]}–${s.range[1]})` : ''}`)
    .join(' ');
}

/** `profile ls`: aligned columns; on a terminal the command is cut with … to fit. */
export function formatProfileList(profiles: readonly Profile[], look: Look): string {
  if (profiles.length === 0) return 'No profiles yet. Add one: berth profile add web --cmd "npm run dev"';
  const rows = profiles.map((p) => [p.name, describePorts(p), p.group ?? '-', fullCommand(p)]);
  return formatTable([['NAME', 'PORTS', 'GROUP', 'COMMAND'], ...rows], { width: look.width, flex: 3 });
}

/** `profile show`: one field a line, in the words of the flags that set them. */
export function formatProfile(p: Profile): string {
  const ready =
    p.ready.type === 'tcp'
      ? 'a TCP connect on the port'
      : p.ready.type === 'http'
        ? `HTTP GET ${p.ready.path}`
        : `a log line matching /${p.ready.pattern}/`;
  const lines: [string, string][] = [
    ['command', fullCommand(p)],
    ['folder', p.cwd],
    ...p.ports.map((s): [string, string] => [
      `port ${s.name}`,
      [
        s.preferred !== undefined ? `prefers ${s.preferred}` : `${s.name} from its env, else ${s.range?.[0] ?? 3000}`,
        s.range ? `falls back within ${s.range[0]}–${s.range[1]}` : null,
        s.pinned ? 'pinned' : null,
        s.sticky !== undefined && s.sticky !== s.preferred ? `last fell back to ${s.sticky}` : null,
      ]
        .filter((x) => x !== null)
        .join(', '),
    ]),
    [
      'when busy',
      { fallback: 'use another free port', strict: 'fail, naming the holder', free: 'stop the holder, then start' }[
        p.policy
      ],
    ],
    ['ready when', `${ready} (within ${p.readyTimeout} s)`],
    ['stop', `SIGTERM, SIGKILL after ${p.stopTimeout} s`],
    ['restart', p.restart === 'never' ? 'never' : 'on failure'],
    // The URL as it will be shown: {PORT} stands for the first variable when PORT is not one (expandUrl).
    [
      'URL',
      p.ports.length > 0 && !p.ports.some((s) => s.name === 'PORT')
        ? p.url.replaceAll('{PORT}', `{${p.ports[0]!.name}}`)
        : p.url,
    ],
  ];
  if (Object.keys(p.env).length > 0)
    lines.push([
      'env',
      Object.entries(p.env)
        .map(([k, v]) => `${k}=${v}`)
        .join(' '),
    ]);
  if (p.envFile) lines.push(['env file', p.envFile]);
  if (p.group) lines.push(['group', p.group]);
  if (p.after.length > 0) lines.push(['starts after', p.after.join(', ')]);
  if (p.autostart) lines.push(['autostart', 'yes']);
  const w = Math.max(...lines.map(([k]) => k.length));
  return [p.name, ...lines.map(([k, v]) => `  ${k.padEnd(w)}  ${v}`)].join('\n');
}

function fullCommand(p: Profile): string {
  return p.args.length > 0 ? `${p.command} ${p.args.join(' ')}` : p.command;
}
