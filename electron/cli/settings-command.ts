import type { CliContext } from './context.js';
import { printJson, reportError } from './context.js';
import { parseCommandArgs, toNumberArg, toPortList } from './args.js';
import { EXIT_OK, UsageError } from './exit.js';
import { DEFAULT_SETTINGS, type Settings } from '../contract/settings.js';

/** The flag-style names users type, mapped to the settings keys. */
const KEYS: Readonly<Record<string, keyof Settings>> = {
  'watched-ports': 'watchedPorts',
  watchedPorts: 'watchedPorts',
  notifications: 'notifications',
  'poll-active': 'pollActiveSeconds',
  pollActiveSeconds: 'pollActiveSeconds',
  'poll-idle': 'pollIdleSeconds',
  pollIdleSeconds: 'pollIdleSeconds',
  'on-quit': 'onQuit',
  onQuit: 'onQuit',
  'stop-timeout': 'stopTimeout',
  stopTimeout: 'stopTimeout',
};

/** What users type for each settings field, so the engine's messages name it ("poll-idle: must be …"). */
const FIELD_NAMES: Readonly<Record<string, string>> = {
  'settings.watchedPorts': 'watched-ports',
  'settings.notifications': 'notifications',
  'settings.pollActiveSeconds': 'poll-active',
  'settings.pollIdleSeconds': 'poll-idle',
  'settings.onQuit': 'on-quit',
  'settings.stopTimeout': 'stop-timeout',
};

/** `berth settings [get [KEY]] | set KEY VALUE` — the engine validates; errors name the key. */
export async function runSettings(ctx: CliContext, argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, {}, 3);
  const json = values.json === true;
  const [sub = 'get', key, value] = positionals;
  if (sub === 'get') {
    const r = await ctx.api['settings.get']({});
    if (!r.ok) return reportError(ctx, r, json);
    if (key !== undefined) {
      const k = settingKey(key);
      return json ? printJson(ctx, r.value[k]) : (ctx.out(show(r.value[k])), EXIT_OK);
    }
    if (json) return printJson(ctx, r.value);
    for (const k of Object.keys(DEFAULT_SETTINGS) as (keyof Settings)[]) ctx.out(`${k.padEnd(18)} ${show(r.value[k])}`);
    return EXIT_OK;
  }
  if (sub !== 'set') throw new UsageError(`settings takes get or set, not '${sub}'`);
  if (key === undefined || value === undefined)
    throw new UsageError('set needs a KEY and a VALUE, e.g. berth settings set watched-ports 3000,8000');
  const k = settingKey(key);
  const r = await ctx.raw['settings.save']({ settings: { [k]: parseValue(k, value) } });
  if (!r.ok) return reportError(ctx, r, json, FIELD_NAMES);
  if (json) return printJson(ctx, r.value);
  ctx.out(`${k} = ${show(r.value[k])}`);
  return EXIT_OK;
}

function settingKey(key: string): keyof Settings {
  const k = KEYS[key];
  if (!k)
    throw new UsageError(
      `unknown setting '${key}'; settings: watched-ports, notifications, poll-active, poll-idle, on-quit, stop-timeout`,
    );
  return k;
}

function parseValue(k: keyof Settings, v: string): unknown {
  if (k === 'watchedPorts') return v.trim() === '' || v === 'none' ? [] : toPortList(v);
  if (k === 'notifications') {
    if (v === 'on' || v === 'true') return true;
    if (v === 'off' || v === 'false') return false;
    throw new UsageError(`notifications: must be on or off, got '${v}'`);
  }
  if (k === 'onQuit') return v;
  return toNumberArg(v);
}

function show(v: unknown): string {
  if (Array.isArray(v)) return v.length === 0 ? '(none)' : v.join(', ');
  if (typeof v === 'boolean') return v ? 'on' : 'off';
  return String(v);
}
