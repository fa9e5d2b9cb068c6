import { resolve } from 'node:path';
import { existsSync } from 'node:fs';
import type { Profile } from '../profiles/schema.js';
import { readEnvFile } from '../profiles/env-file.js';

/**
 * Variables of Berth's own runtime that must not leak into a user's server: Electron's node mode
 * would turn an Electron-based tool into plain Node, and Berth's internals mean nothing there.
 */
const STRIPPED = ['ELECTRON_RUN_AS_NODE', 'ELECTRON_NO_ATTACH_CONSOLE', 'BERTH_HOST_CHILD', 'NODE_CHANNEL_FD', 'NODE_CHANNEL_SERIALIZATION_MODE'];

/** The user's environment, then the profile's env file, then its env, then the resolved ports. */
export function buildChildEnv(profile: Profile, ports: Readonly<Record<string, number>>, base: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(base)) if (v !== undefined && !STRIPPED.includes(k) && !k.startsWith('BERTH_INTERNAL_')) env[k] = v;
  Object.assign(env, readProfileEnvFile(profile), profile.env);
  for (const [name, port] of Object.entries(ports)) env[name] = String(port);
  return env;
}

export function readProfileEnvFile(profile: Profile): Record<string, string> {
  if (profile.envFile === undefined) return {};
  const path = resolve(profile.cwd, profile.envFile);
  return existsSync(path) ? readEnvFile(path) : {};
}

/** `{PORT}`-style placeholders in args and the URL template. Unknown names stay as written. */
export function expandTemplate(template: string, ports: Readonly<Record<string, number>>): string {
  return template.replace(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (m, name: string) => (ports[name] !== undefined ? String(ports[name]) : m));
}

/** POSIX single-quoting, so an extra argument reaches the program as one word. */
export function quoteArg(arg: string): string {
  if (process.platform === 'win32') return /[\s"]/.test(arg) ? `"${arg.replace(/"/g, '\\"')}"` : arg;
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** The command as the user wrote it, plus the expanded extra arguments. */
export function buildCommandLine(profile: Profile, ports: Readonly<Record<string, number>>): string {
  if (profile.args.length === 0) return profile.command;
  return `${profile.command} ${profile.args.map((a) => quoteArg(expandTemplate(a, ports))).join(' ')}`;
}
