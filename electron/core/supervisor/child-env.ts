import { resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { createHash } from 'node:crypto';
import type { Profile } from '../profiles/schema.js';
import { readEnvFile } from '../profiles/env-file.js';
import { INSTANCE_ENV, PROFILE_ENV } from '../processes/markers.js';

/**
 * Variables that belong to whatever launched Berth, not to the user's server: Electron's node mode
 * would turn an Electron-based tool into plain Node; npm's lifecycle variables (`npm start` ran the
 * host) would make a server's own npm think it runs inside Berth's script; NODE_OPTIONS was meant for
 * Berth's Node; Berth's own variables mean nothing there.
 */
const STRIPPED = ['NODE_OPTIONS', 'NODE_CHANNEL_FD', 'NODE_CHANNEL_SERIALIZATION_MODE', 'INIT_CWD'];
const STRIPPED_PREFIXES = ['npm_', 'ELECTRON_', 'BERTH_'];

/**
 * Ties a server to the data dir of the host that launched it: two hosts (two BERTH_HOMEs) never adopt
 * each other's servers when they find them by their environment (adopt.ts). A hash, not the path, so
 * the variable says nothing about the user's folders.
 */
export const HOME_ID_ENV = 'BERTH_HOME_ID';

export function homeIdFor(dataDir: string): string {
  return createHash('sha256').update(resolve(dataDir)).digest('hex').slice(0, 12);
}

export function isLauncherVariable(name: string): boolean {
  return STRIPPED.includes(name) || STRIPPED_PREFIXES.some((p) => name.startsWith(p));
}

/**
 * The user's environment (less the launcher's variables), then the profile's env file, then its env,
 * then the resolved ports, then Berth's markers (the instance id and the data dir's id let a later host
 * find the server without its records).
 */
export function buildChildEnv(
  profile: Profile,
  ports: Readonly<Record<string, number>>,
  base: NodeJS.ProcessEnv = process.env,
  instanceId?: string,
  homeId?: string,
  refs: TemplateValues = {},
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(base)) if (v !== undefined && !isLauncherVariable(k)) env[k] = v;
  Object.assign(env, readProfileEnvFile(profile));
  // The profile's own values may name its ports and other profiles' ports: API_URL=http://localhost:{api.API_PORT}.
  for (const [k, v] of Object.entries(profile.env)) env[k] = expandTemplate(v, { ...refs, ...ports });
  for (const [name, port] of Object.entries(ports)) env[name] = String(port);
  if (instanceId !== undefined) {
    env[INSTANCE_ENV] = instanceId;
    env[PROFILE_ENV] = profile.name;
    if (homeId !== undefined) env[HOME_ID_ENV] = homeId;
  }
  return env;
}

export function readProfileEnvFile(profile: Profile): Record<string, string> {
  if (profile.envFile === undefined) return {};
  const path = resolve(profile.cwd, profile.envFile);
  return existsSync(path) ? readEnvFile(path) : {};
}

/** Values a template may name: the instance's ports (`PORT`) and other profiles' ports (`api.API_PORT`). */
export type TemplateValues = Readonly<Record<string, number | string>>;

/** `{PORT}` / `{api.API_PORT}` placeholders in env values, args and the URL template. Unknown names stay as written. */
export function expandTemplate(template: string, values: TemplateValues): string {
  return template.replace(/\{((?:[A-Za-z0-9][A-Za-z0-9._-]*\.)?[A-Za-z_][A-Za-z0-9_]*)\}/g, (m, name: string) =>
    values[name] !== undefined ? String(values[name]) : m,
  );
}

/**
 * The instance's URL. The default template names `{PORT}`; a profile whose only variable is API_PORT
 * means its first variable there, not a literal "{PORT}".
 */
export function expandUrl(profile: Profile, values: TemplateValues): string | null {
  const first = profile.ports[0]?.name;
  if (first === undefined) return null;
  const template = values.PORT === undefined ? profile.url.replaceAll('{PORT}', `{${first}}`) : profile.url;
  return expandTemplate(template, values);
}

/** POSIX single-quoting, so an extra argument reaches the program as one word. */
export function quoteArg(arg: string): string {
  if (process.platform === 'win32') return /[\s"]/.test(arg) ? `"${arg.replace(/"/g, '\\"')}"` : arg;
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** The command as the user wrote it, plus the expanded extra arguments. */
export function buildCommandLine(profile: Profile, values: TemplateValues): string {
  if (profile.args.length === 0) return profile.command;
  return `${profile.command} ${profile.args.map((a) => quoteArg(expandTemplate(a, values))).join(' ')}`;
}
