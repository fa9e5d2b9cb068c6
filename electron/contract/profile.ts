import { z } from 'zod';
import { Port, Seconds, Text } from './schemas.js';

/**
 * The one profile schema: the CLI, the contract and the store all validate with it. Defaults are
 * filled in here, so a stored profile is always complete.
 */
export const ProfileName = z.string({ error: 'is required' }).regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, {
  error: (i) =>
    `must be 1–64 letters, digits, '.', '_' or '-' (starting with a letter or digit), got ${JSON.stringify(i.input)}`,
});

export const EnvName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, {
  error: (i) => `must be an environment variable name, got ${JSON.stringify(i.input)}`,
});

/** At most this many ports in one range: a wider one would scan (and reserve) far too much. */
export const MAX_RANGE_PORTS = 1000;

export const PortRange = z
  .tuple([Port, Port])
  .refine(([from, to]) => from <= to, {
    error: (i) => `from (${(i.input as number[])[0]}) is greater than to (${(i.input as number[])[1]})`,
  })
  .refine(([from, to]) => to - from < MAX_RANGE_PORTS, {
    error: (i) => {
      const [from, to] = i.input as number[];
      return `${from}-${to} spans ${to! - from! + 1} ports; a range may span at most ${MAX_RANGE_PORTS}`;
    },
  });

export const PortSpec = z
  .object({
    name: EnvName.default('PORT'),
    preferred: Port.optional(),
    range: PortRange.optional(),
    /** The user pinned `preferred`: never replace it by a remembered fallback port. */
    pinned: z.boolean().default(false),
    /** The port a fallback gave last time, preferred next time (sticky ports). */
    sticky: Port.optional(),
  })
  .strict();

export const ReadyCheck = z.discriminatedUnion('type', [
  z.object({ type: z.literal('tcp') }).strict(),
  z
    .object({
      type: z.literal('http'),
      path: Text.pipe(z.string().startsWith('/', { error: 'must start with /' })).default('/'),
      status: z.number().int().min(100).max(599).optional(),
    })
    .strict(),
  z
    .object({ type: z.literal('log'), pattern: Text.pipe(z.string().min(1)) })
    .strict()
    .refine((r) => isRegex(r.pattern), {
      error: (i) => `is not a valid regular expression: ${JSON.stringify((i.input as { pattern: string }).pattern)}`,
      path: ['pattern'],
    }),
]);

function isRegex(p: string): boolean {
  try {
    new RegExp(p);
    return true;
  } catch {
    return false;
  }
}

export const Profile = z
  .object({
    name: ProfileName,
    command: z.string({ error: 'is required' }).trim().min(1, { error: 'must not be empty' }).pipe(Text),
    cwd: z.string({ error: 'is required' }).min(1, { error: 'must not be empty' }).pipe(Text),
    env: z.record(EnvName, Text).default({}),
    envFile: Text.pipe(z.string().min(1)).optional(),
    /**
     * Exactly the port variables the user gave; `PORT` only when none was given. An empty list is a
     * server without a port (a worker).
     */
    ports: z
      .array(PortSpec)
      .default([{ name: 'PORT', pinned: false }])
      .refine((ps) => new Set(ps.map((p) => p.name)).size === ps.length, { error: 'port names must be unique' }),
    policy: z.enum(['fallback', 'strict', 'free']).default('fallback'),
    /** Extra arguments carrying the port for frameworks that ignore PORT, e.g. ["--port", "{PORT}"]. */
    args: z.array(Text).default([]),
    ready: ReadyCheck.default({ type: 'tcp' }),
    readyTimeout: Seconds.default(30),
    stopTimeout: Seconds.default(10),
    restart: z.enum(['never', 'on-failure']).default('never'),
    url: Text.default('http://localhost:{PORT}'),
    autostart: z.boolean().default(false),
    group: ProfileName.optional(),
    /** Profiles started (and waited for until ready) before this one: `--after api`. */
    after: z.array(ProfileName).default([]),
  })
  .strict();

export type Profile = z.output<typeof Profile>;
export type ProfileInput = z.input<typeof Profile>;
export type PortSpec = z.output<typeof PortSpec>;
