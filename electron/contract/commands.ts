import { z } from 'zod';
import { Port, Seconds } from './schemas.js';
import type { PublicListener } from '../core/ports/types.js';
import type { FreeResult } from '../core/processes/free-port.js';
import type { Profile } from '../core/profiles/schema.js';
import type { Instance } from '../core/supervisor/types.js';
import type { Snapshot } from '../core/state/snapshot.js';

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
      count: z.number().int().min(1, { error: 'must be at least 1' }).max(1000, { error: 'must be at most 1000' }).default(1),
    })
    .strict()
    .refine((r) => r.from <= r.to, { error: (i) => `${(i.input as { from: number }).from} is greater than to (${(i.input as { to: number }).to}); swap them`, path: ['from'] }),
  'ports.free': z
    .object({
      port: Port,
      timeout: Seconds.optional(),
      force: z.boolean().default(false),
      parent: z.boolean().default(false),
      dryRun: z.boolean().default(false),
    })
    .strict(),
  'profiles.list': z.object({}).strict(),
  'profiles.get': z.object({ name: z.string().min(1) }).strict(),
  /** The profile itself is validated by the profile schema in the handler (it names each field). */
  'profiles.save': z.object({ profile: z.record(z.string(), z.unknown()), replace: z.boolean().default(false) }).strict(),
  'profiles.remove': z.object({ name: z.string().min(1) }).strict(),
  'instances.start': z.object({ target: z.string().min(1), port: Port.optional(), wait: z.boolean().default(true) }).strict(),
  'instances.stop': z.object({ target: z.string().min(1) }).strict(),
  'instances.restart': z.object({ target: z.string().min(1) }).strict(),
  'instances.list': z.object({}).strict(),
  'instances.logs': z.object({ id: z.string().min(1), since: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(10_000).optional() }).strict(),
  'state.get': z.object({}).strict(),
  /** Preview (apply: false) or create (apply: true) the profiles found in a folder. */
  'profiles.import': z.object({ dir: z.string().min(1), apply: z.boolean().default(false) }).strict(),
} as const;

export type CommandName = keyof typeof commandSchemas;
export type CommandRequest<N extends CommandName> = z.input<(typeof commandSchemas)[N]>;
export type ValidRequest<N extends CommandName> = z.output<(typeof commandSchemas)[N]>;

/** freePort's result without its internal timing. */
export type FreePortResult = Omit<FreeResult, 'freedAt'>;

export type CommandResults = {
  'ports.list': Readonly<{ listeners: readonly PublicListener[]; source: string; takenAt: number }>;
  'ports.who': Readonly<{ port: number; listeners: readonly PublicListener[] }>;
  'ports.check': Readonly<{ port: number; free: boolean; holders: readonly PublicListener[]; detail?: string }>;
  'ports.find': Readonly<{ ports: readonly number[] }>;
  'ports.free': FreePortResult;
  'profiles.list': Readonly<{ profiles: readonly Profile[] }>;
  'profiles.get': Profile;
  'profiles.save': Profile;
  'profiles.remove': Readonly<{ removed: string }>;
  'instances.start': Readonly<{ instances: readonly Instance[] }>;
  'instances.stop': Readonly<{ instances: readonly Instance[] }>;
  'instances.restart': Readonly<{ instances: readonly Instance[] }>;
  'instances.list': Readonly<{ instances: readonly Instance[] }>;
  'instances.logs': Readonly<{ id: string; lines: readonly string[]; cursor: number; truncated: boolean; running: boolean }>;
  'state.get': Snapshot;
  'profiles.import': Readonly<{
    create: readonly Readonly<{ profile: Profile; from: string; note: string }>[];
    skipped: readonly Readonly<{ name: string; from: string; reason: string }>[];
    notes: readonly string[];
    applied: boolean;
  }>;
};

/** Every pushed event (the host's SSE stream, IPC `berth:event`). Filled in by later issues. */
export type EventPayloads = {
  notice: Readonly<{ level: 'info' | 'warning' | 'error'; message: string }>;
};
