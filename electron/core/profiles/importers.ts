import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseEnvFile } from './env-file.js';
import { parsePortValue } from '../ports/resolve.js';

/**
 * Profiles proposed from a folder: package.json scripts (dev, start, serve; vite, next, astro, nuxt
 * and remix get their port argument), a Procfile (one profile per process; `web` gets PORT, as on
 * Heroku). Only PORT and the framework's own port option become port variables: other *_PORT values
 * in .env (REDIS_PORT=6379) name services the app connects to, and stay plain env values. Nothing is
 * saved here.
 */
export type ImportDraft = Readonly<{ profile: Record<string, unknown>; from: string; note: string }>;
export type LeftAlone = Readonly<{ name: string; value: string; reason: string }>;
export type ImportFound = { drafts: ImportDraft[]; notes: string[]; leftAlone: LeftAlone[]; hint?: string };

type Framework = Readonly<{ name: string; match: RegExp; args: string[]; port: number }>;
const FRAMEWORKS: readonly Framework[] = [
  { name: 'vite', match: /\bvite\b(?!\S*build)/, args: ['--port', '{PORT}', '--strictPort'], port: 5173 },
  { name: 'next', match: /\bnext (dev|start)\b/, args: ['-p', '{PORT}'], port: 3000 },
  { name: 'astro', match: /\bastro (dev|preview)\b/, args: ['--port', '{PORT}'], port: 4321 },
  { name: 'nuxt', match: /\bnuxi? (dev|preview)\b/, args: ['--port', '{PORT}'], port: 3000 },
  { name: 'remix', match: /\bremix (vite:)?dev\b/, args: ['--port', '{PORT}'], port: 5173 },
];
const SCRIPTS = ['dev', 'start', 'serve'] as const;

export function slug(s: string): string {
  const out = s
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .slice(0, 48);
  return out === '' ? 'app' : out;
}

export function importFolder(dir: string): ImportFound {
  const drafts: ImportDraft[] = [];
  const notes: string[] = [];
  const base = slug(basename(dir));
  const env = existsSync(join(dir, '.env')) ? parseEnvFile(readFileSync(join(dir, '.env'), 'utf8')) : {};
  const envPort = parsePortValue(env.PORT);
  if (envPort !== null) notes.push(`.env sets PORT=${envPort}: the profile reads it from .env at each start.`);
  const leftAlone: LeftAlone[] = Object.entries(env)
    .filter(([k, v]) => k !== 'PORT' && /_PORT$/.test(k) && parsePortValue(v) !== null)
    .map(([name, value]) => ({
      name,
      value,
      reason: 'a port the app connects to, not one it listens on: kept as a plain env value from .env',
    }));

  const pkgPath = join(dir, 'package.json');
  if (existsSync(pkgPath)) {
    let scripts: Record<string, string> = {};
    try {
      scripts = (JSON.parse(readFileSync(pkgPath, 'utf8')) as { scripts?: Record<string, string> }).scripts ?? {};
    } catch (err) {
      notes.push(`package.json could not be read (${(err as Error).message}); skipped.`);
    }
    const runner = existsSync(join(dir, 'pnpm-lock.yaml'))
      ? 'pnpm run'
      : existsSync(join(dir, 'yarn.lock'))
        ? 'yarn'
        : 'npm run';
    for (const script of SCRIPTS) {
      const body = scripts[script];
      if (body === undefined) continue;
      const fw = FRAMEWORKS.find((f) => f.match.test(body));
      // npm needs `--` before arguments meant for the script; pnpm and yarn pass them through.
      const command = `${runner} ${script}${fw && runner === 'npm run' ? ' --' : ''}`;
      const ports = [portFor(envPort, fw ? (ownPortOption(body) ?? fw.port) : undefined)];
      drafts.push({
        from: `package.json "${script}": ${body}`,
        note: fw
          ? `${fw.name} ignores PORT, so the port is passed as ${fw.args.join(' ')}`
          : 'the server is expected to read PORT',
        profile: {
          name: `${base}-${script}`,
          command,
          cwd: dir,
          ports,
          ...(fw ? { args: fw.args } : {}),
          ...(Object.keys(env).length > 0 ? { envFile: '.env' } : {}),
        },
      });
    }
  }

  const procPath = join(dir, 'Procfile');
  if (existsSync(procPath)) {
    for (const line of readFileSync(procPath, 'utf8').split(/\r?\n/)) {
      const m = /^([A-Za-z0-9_-]+):\s*(.+)$/.exec(line.trim());
      if (!m) continue;
      const web = m[1] === 'web';
      drafts.push({
        from: `Procfile ${m[1]}: ${m[2]}`,
        note: web
          ? 'runs with PORT set to the port Berth resolves ($PORT in the command)'
          : 'no port: only the web process receives PORT',
        profile: {
          name: `${base}-${slug(m[1]!)}`,
          command: m[2]!.trim(),
          cwd: dir,
          ports: web ? [portFor(envPort, 5000)] : [],
          ...(Object.keys(env).length > 0 ? { envFile: '.env' } : {}),
        },
      });
    }
  }
  if (drafts.length === 0) {
    const what = existsSync(pkgPath)
      ? 'no dev, start or serve script in package.json and no Procfile'
      : 'no package.json and no Procfile';
    notes.push(`Nothing to import in ${dir}: ${what}.`);
    return {
      drafts,
      notes,
      leftAlone,
      hint: `Add a profile by hand: berth profile add ${base} --cwd ${JSON.stringify(dir)} --cmd "…" --port N`,
    };
  }
  return { drafts, notes, leftAlone };
}

/** PORT from .env is read from the file at each start (no preferred port then); else the framework's own default. */
function portFor(envPort: number | null, fallback: number | undefined): Record<string, unknown> {
  return { name: 'PORT', ...(envPort === null && fallback !== undefined ? { preferred: fallback } : {}) };
}

/** A port the script itself passes to the framework: `vite --port 5174`, `next dev -p 3001`. */
function ownPortOption(body: string): number | undefined {
  const m = /(?:--port[= ]|-p )(\d{1,5})\b/.exec(body);
  return m ? (parsePortValue(m[1]) ?? undefined) : undefined;
}
