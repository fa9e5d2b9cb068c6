import { resolve } from 'node:path';
import type { CliContext } from './context.js';
import { printJson, reportError } from './context.js';
import { need, parseCommandArgs, toNumberArg, type Options } from './args.js';
import { EXIT_OK, UsageError } from './exit.js';
import { profileFieldNames } from './fields.js';
import { didYouMean } from './suggest.js';
import { describePorts, formatProfile, formatProfileList } from './profile-format.js';
import { removeProfile } from './profile-remove.js';

export { describePorts };

const NAME = { name: 'profile name' } as const;

export const PROFILE_FLAGS: Options = {
  cmd: { type: 'string' },
  cwd: { type: 'string' },
  port: { type: 'string', multiple: true },
  range: { type: 'string', multiple: true },
  pin: { type: 'boolean' },
  policy: { type: 'string' },
  env: { type: 'string', multiple: true },
  'env-file': { type: 'string' },
  envfile: { type: 'string' },
  ready: { type: 'string' },
  'ready-timeout': { type: 'string' },
  'stop-timeout': { type: 'string' },
  restart: { type: 'string' },
  group: { type: 'string' },
  url: { type: 'string' },
  arg: { type: 'string', multiple: true },
  autostart: { type: 'boolean' },
  after: { type: 'string', multiple: true },
  unstick: { type: 'boolean' },
};

const RM_FLAGS: Options = { stop: { type: 'boolean' }, yes: { type: 'boolean', short: 'y' } };

type Values = Readonly<Record<string, string | boolean | string[] | undefined>>;

/** Applies command-line flags onto a profile (new or existing); the schema validates the result. */
export function applyProfileFlags(base: Record<string, unknown>, v: Values): Record<string, unknown> {
  const p: Record<string, unknown> = { ...base };
  if (v.cmd !== undefined) p.command = v.cmd;
  if (v.cwd !== undefined) p.cwd = resolve(String(v.cwd));
  if (v.policy !== undefined) p.policy = v.policy;
  // Relative to the current folder, like --cwd: the file Node 20 checks for '--env-file' (see
  // command-help.ts) is then the file Berth uses. --envfile is the spelling Node never reads.
  const envFile = v['env-file'] ?? v.envfile;
  if (envFile !== undefined) p.envFile = resolve(String(envFile));
  if (v.restart !== undefined) p.restart = v.restart;
  if (v.group !== undefined) p.group = v.group;
  if (v.url !== undefined) p.url = v.url;
  if (v.autostart !== undefined) p.autostart = v.autostart;
  if (v['ready-timeout'] !== undefined) p.readyTimeout = toNumberArg(String(v['ready-timeout']));
  if (v['stop-timeout'] !== undefined) p.stopTimeout = toNumberArg(String(v['stop-timeout']));
  if (v.arg !== undefined) p.args = v.arg;
  // --after api --after db, or --after api,db; --after '' clears it.
  if (v.after !== undefined)
    p.after = (v.after as string[])
      .flatMap((a) => a.split(','))
      .map((a) => a.trim())
      .filter((a) => a !== '');
  if (v.env !== undefined) {
    const env: Record<string, string> = { ...((base.env as Record<string, string>) ?? {}) };
    for (const kv of v.env as string[]) {
      const eq = kv.indexOf('=');
      if (eq <= 0) throw new UsageError(`--env needs KEY=VALUE, got '${kv}'`);
      env[kv.slice(0, eq)] = kv.slice(eq + 1);
    }
    p.env = env;
  }
  if (v.ready !== undefined) {
    const r = String(v.ready);
    if (r === 'tcp') p.ready = { type: 'tcp' };
    else if (r.startsWith('http:')) p.ready = { type: 'http', path: r.slice(5) || '/' };
    else if (r.startsWith('log:')) p.ready = { type: 'log', pattern: r.slice(4) };
    else throw new UsageError(`--ready takes tcp, http:/path or log:REGEX, got '${r}'`);
  }
  if (v.port !== undefined || v.range !== undefined || v.pin !== undefined || v.unstick === true) {
    // Exactly the variables the user gave: a new profile starts with none (the schema adds PORT only
    // when no port flag was given at all); an existing one keeps its own and gains the named ones.
    const ports = new Map<string, Record<string, unknown>>();
    const givenPorts = (v.port as string[] | undefined) ?? [];
    const givenRanges = (v.range as string[] | undefined) ?? [];
    const nameOf = (raw: string): string | null => {
      const eq = raw.indexOf('=');
      return eq > 0 ? raw.slice(0, eq) : null;
    };
    const baseNames = ((base.ports as Record<string, unknown>[] | undefined) ?? []).map((s) =>
      String(s.name ?? 'PORT'),
    );
    // An unnamed --port is PORT, or an existing profile's first variable when it has no PORT. An unnamed
    // --range goes with the port variable the same flags set (`--port API_PORT=8000 --range 8000-8010`).
    const unnamedPort = baseNames.length > 0 && !baseNames.includes('PORT') ? baseNames[0]! : 'PORT';
    const unnamedRange = givenPorts.some((raw) => nameOf(raw) === null)
      ? unnamedPort
      : (givenPorts.map(nameOf).find((n) => n !== null) ?? unnamedPort);
    const named = (raw: string, unnamed: string): [string, string] => {
      const name = nameOf(raw);
      return name !== null ? [name, raw.slice(name.length + 1)] : [unnamed, raw];
    };
    const given = [
      ...givenPorts.map((raw) => named(raw, unnamedPort)[0]),
      ...givenRanges.map((raw) => named(raw, unnamedRange)[0]),
    ];
    const namesOthers = given.length > 0 && given.every((n) => n !== 'PORT');
    for (const s of (base.ports as Record<string, unknown>[] | undefined) ?? []) {
      // The PORT a profile got because no port was given (no preference, range or memory) gives way
      // when the user now names the profile's variables (`edit --port API_PORT=8000`).
      const implicit =
        s.name === 'PORT' && s.preferred === undefined && s.range === undefined && s.sticky === undefined;
      if (implicit && namesOthers) continue;
      ports.set(String(s.name ?? 'PORT'), { ...s });
    }
    for (const raw of givenPorts) {
      const [name, value] = named(raw, unnamedPort);
      ports.set(name, { ...(ports.get(name) ?? { name }), preferred: toNumberArg(value), sticky: undefined });
    }
    for (const raw of givenRanges) {
      const [name, value] = named(raw, unnamedRange);
      const m = /^(\S+?)-(\S+)$/.exec(value);
      if (!m) throw new UsageError(`--range takes A-B (e.g. 3000-3010), got '${value}'`);
      ports.set(name, { ...(ports.get(name) ?? { name }), range: [toNumberArg(m[1]), toNumberArg(m[2])] });
    }
    if (v.pin !== undefined && ports.size === 0) ports.set('PORT', { name: 'PORT' });
    if (v.pin !== undefined) for (const s of ports.values()) s.pinned = v.pin;
    if (v.unstick === true) for (const s of ports.values()) s.sticky = undefined;
    if (ports.size > 0)
      p.ports = [...ports.values()].map((s) =>
        Object.fromEntries(Object.entries(s).filter(([, x]) => x !== undefined)),
      );
  }
  return p;
}

export async function runProfile(ctx: CliContext, argv: readonly string[]): Promise<number> {
  const [typed, ...rest] = argv;
  const sub = typed === 'list' ? 'ls' : typed === 'remove' || typed === 'delete' ? 'rm' : typed;
  if (!['add', 'ls', 'show', 'rm', 'edit'].includes(sub ?? '')) {
    throw new UsageError(
      'profile takes add, ls, show, rm or edit' +
        `${sub ? `, not '${sub}'.${didYouMean(sub, ['add', 'ls', 'show', 'rm', 'edit'])}` : ''}`,
    );
  }
  const flags: Options = sub === 'add' || sub === 'edit' ? PROFILE_FLAGS : sub === 'rm' ? RM_FLAGS : {};
  const { values, positionals } = parseCommandArgs(rest, flags, 1);
  const json = values.json === true;
  const name = positionals[0];
  switch (sub) {
    case 'ls': {
      const r = await ctx.api['profiles.list']({});
      if (!r.ok) return reportError(ctx, r, json);
      if (json) return printJson(ctx, r.value.profiles);
      ctx.out(formatProfileList(r.value.profiles, ctx));
      return EXIT_OK;
    }
    case 'show': {
      const r = await ctx.api['profiles.get']({
        name: need(name, 'missing the profile name, e.g. berth profile show web'),
      });
      if (!r.ok) return reportError(ctx, r, json, NAME);
      if (json) return printJson(ctx, r.value);
      ctx.out(formatProfile(r.value));
      return EXIT_OK;
    }
    case 'rm':
      return removeProfile(ctx, need(name, 'missing the profile name, e.g. berth profile rm web'), {
        stop: values.stop === true,
        yes: values.yes === true,
        json,
      });
    case 'add':
    case 'edit': {
      if (!name)
        throw new UsageError(
          `missing the profile name, e.g. berth profile ${sub} web` +
            `${sub === 'add' ? ' --cmd "npm run dev"' : ' --port 3001'}`,
        );
      let base: Record<string, unknown> = { name, cwd: process.cwd() };
      if (sub === 'edit') {
        const cur = await ctx.api['profiles.get']({ name });
        if (!cur.ok) return reportError(ctx, cur, json, NAME);
        base = { ...cur.value };
      }
      const profile = applyProfileFlags(base, values as Values);
      const r = await ctx.api['profiles.save']({ profile, replace: sub === 'edit' });
      if (!r.ok)
        return reportError(ctx, r, json, profileFieldNames((profile.ports as { name?: unknown }[] | undefined) ?? []));
      if (json) return printJson(ctx, r.value);
      ctx.out(
        `${sub === 'add' ? 'Added' : 'Updated'} profile ${r.value.name}: ${r.value.command} ` +
          `(${describePorts(r.value)}, in ${r.value.cwd}).`,
      );
      return EXIT_OK;
    }
    default:
      throw new UsageError(`profile takes add, ls, show, rm or edit, not '${String(sub)}'`);
  }
}
