import { z } from 'zod';
import { Port, Seconds } from './schemas.js';
import { EnvName, type Profile } from './profile.js';
import { Settings, SettingsPatch } from './settings.js';
import type { FreePortResult, InstanceView, ListenerView, Notice, ScanInfo, Snapshot } from './views.js';

const Name = z
  .string({ error: 'is required' })
  .min(1, { error: 'must not be empty' })
  .max(256, { error: 'is too long' });

/**
 * THE list of commands every face can call (DESIGN.md "The contract"). Each has one object argument
 * validated by its schema at the engine boundary, and a result type below. Adapters (IPC, HTTP,
 * control socket, CLI) loop over this map; none is written by hand per command.
 */
export const commandSchemas = {
  'ports.list': z.object({}).strict(),
  'ports.who': z.object({ port: Port }).strict(),
  'ports.check': z.object({ port: Port }).strict(),
  'ports.find': z
    .object({
      from: Port.default(3000),
      to: Port.default(65535),
      exclude: z.array(Port).default([]),
      count: z
        .number({ error: (i) => `must be a whole number of ports, got ${JSON.stringify(i.input)}` })
        .int({ error: 'must be a whole number of ports' })
        .min(1, { error: 'must be at least 1' })
        .max(1000, { error: 'must be at most 1000' })
        .default(1),
    })
    .strict()
    .refine((r) => r.from <= r.to, {
      // Said of `to`: right whether from was given or is the default 3000.
      error: (i) => {
        const { from, to } = i.input as { from: number; to: number };
        return `${to} is below from (${from})`;
      },
      path: ['to'],
      // Only once both are valid ports: "--to: must be from 1 to 65535" alone says what is wrong.
      when: (payload) => payload.issues.length === 0,
    }),
  'ports.free': z
    .object({
      port: Port,
      timeout: Seconds.optional(),
      force: z.boolean().default(false),
      parent: z.boolean().default(false),
      dryRun: z.boolean().default(false),
      /** Explicit override: allow stopping a system service or container proxy. */
      allowSystem: z.boolean().default(false),
    })
    .strict(),
  'profiles.list': z.object({}).strict(),
  'profiles.get': z.object({ name: Name }).strict(),
  /** The profile itself is validated by the profile schema in the handler (it names each field). */
  'profiles.save': z
    .object({ profile: z.record(z.string(), z.unknown()), replace: z.boolean().default(false) })
    .strict(),
  /** A running profile is removed only with stop: true (its instances are stopped first). */
  'profiles.remove': z.object({ name: Name, stop: z.boolean().default(false) }).strict(),
  /** Preview (apply: false) or create (apply: true) the profiles found in a folder. */
  'profiles.import': z.object({ dir: Name.max(4096), apply: z.boolean().default(false) }).strict(),
  /**
   * `port` overrides the first port variable, `ports` any by name; an explicit port that is busy fails
   * naming its holder. A profile that runs is returned as it is unless `new` asks for another instance.
   */
  'instances.start': z
    .object({
      target: Name,
      port: Port.optional(),
      ports: z.record(EnvName, Port).optional(),
      new: z.boolean().default(false),
      wait: z.boolean().default(true),
    })
    .strict(),
  'instances.stop': z.object({ target: Name }).strict(),
  'instances.restart': z.object({ target: Name }).strict(),
  /**
   * scope all (default): every instance Berth remembers (the last 50 ended ones). scope status: the
   * live ones and every crashed or failed one not yet restarted or dismissed.
   */
  'instances.list': z.object({ scope: z.enum(['all', 'status']).default('all') }).strict(),
  /** Hides ended instances from `status`: one by id, every ended one of a profile, or all. */
  'instances.dismiss': z
    .object({ target: Name.optional(), all: z.boolean().default(false) })
    .strict()
    .refine((r) => r.all || r.target !== undefined, {
      error: 'name an instance or profile, or pass all: true',
      path: ['target'],
    }),
  'instances.logs': z
    .object({
      id: Name,
      since: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(10_000).optional(),
    })
    .strict(),
  'state.get': z.object({}).strict(),
  'notices.list': z.object({}).strict(),
  'notices.dismiss': z
    .object({ id: Name.optional(), all: z.boolean().default(false) })
    .strict()
    .refine((r) => r.all || r.id !== undefined, { error: 'name a notice id, or pass all: true', path: ['id'] }),
  'settings.get': z.object({}).strict(),
  /** A partial change: the keys given replace the stored ones; the result is validated whole. */
  'settings.save': z.object({ settings: SettingsPatch }).strict(),
} as const;

export type CommandName = keyof typeof commandSchemas;
export type CommandRequest<N extends CommandName> = z.input<(typeof commandSchemas)[N]>;
export type ValidRequest<N extends CommandName> = z.output<(typeof commandSchemas)[N]>;

export type ImportPreview = Readonly<{
  create: readonly Readonly<{ profile: Profile; from: string; note: string }>[];
  skipped: readonly Readonly<{ name: string; from: string; reason: string }>[];
  notes: readonly string[];
  /** .env variables that look like ports but are not the server's own (REDIS_PORT): kept as plain env values. */
  leftAlone?: readonly Readonly<{ name: string; value: string; reason: string }>[];
  /** Set when nothing was found: what to do instead. */
  hint?: string;
  applied: boolean;
}>;

export type LogSliceView = Readonly<{
  id: string;
  lines: readonly string[];
  cursor: number;
  truncated: boolean;
  running: boolean;
}>;

export type CommandResults = {
  'ports.list': Readonly<{ listeners: readonly ListenerView[] }> & ScanInfo;
  'ports.who': Readonly<{ port: number; listeners: readonly ListenerView[] }>;
  'ports.check': Readonly<{ port: number; free: boolean; holders: readonly ListenerView[]; detail?: string }>;
  'ports.find': Readonly<{ ports: readonly number[] }>;
  'ports.free': FreePortResult;
  'profiles.list': Readonly<{ profiles: readonly Profile[] }>;
  'profiles.get': Profile;
  'profiles.save': Profile;
  'profiles.remove': Readonly<{ removed: string; stopped?: readonly InstanceView[] }>;
  'profiles.import': ImportPreview;
  /** `already`: ids of instances that were running before the command (returned as they are). */
  'instances.start': Readonly<{ instances: readonly InstanceView[]; already?: readonly string[] }>;
  'instances.stop': Readonly<{ instances: readonly InstanceView[] }>;
  'instances.restart': Readonly<{ instances: readonly InstanceView[] }>;
  'instances.list': Readonly<{ instances: readonly InstanceView[] }>;
  'instances.dismiss': Readonly<{ dismissed: readonly string[] }>;
  'instances.logs': LogSliceView;
  'state.get': Snapshot;
  'notices.list': Readonly<{ notices: readonly Notice[] }>;
  'notices.dismiss': Readonly<{ dismissed: readonly string[] }>;
  'settings.get': Settings;
  'settings.save': Settings;
};
