import { z } from 'zod';
import { formatIssues } from '../../contract/issues.js';
import { describeJsonValue } from '../fs/atomic.js';
import type { Instance } from './types.js';

/**
 * The shape of one entry of instances.json. Records are Berth's own writing, but a hand edit, a
 * half-restored backup or an older Berth can leave anything there, and every face reads these fields
 * (issue 8 §7: no content of a data file stops the host or a command). The id, profile and status
 * are required; any other field, when present, must have its type; a missing one gets its empty value.
 */
const int = z.number().int();
const port = int.min(0).max(65535);
const HolderRef = z.looseObject({
  pid: int.nullable(),
  process: z.string().nullable(),
  command: z.string().nullable(),
});
const Allocation = z.looseObject({
  name: z.string(),
  preferred: port,
  assigned: port,
  source: z.string(),
  attempts: z.array(z.looseObject({ port, outcome: z.string(), heldBy: z.array(HolderRef).optional() })),
  heldBy: z.array(HolderRef).nullable(),
});

const InstanceRecord = z.object({
  id: z.string().min(1),
  profile: z.string().min(1),
  status: z.enum(['starting', 'ready', 'not listening', 'stopping', 'stopped', 'crashed', 'failed']),
  pid: int.positive().nullable().default(null),
  pgid: int.positive().nullable().default(null),
  startKey: z.string().nullable().default(null),
  members: z.array(z.object({ pid: int.positive(), startKey: z.string() })).default([]),
  ports: z.record(z.string(), port).default({}),
  actualPorts: z.array(port).default([]),
  allocation: z.array(Allocation).default([]),
  url: z.string().nullable().default(null),
  logFile: z.string().default(''),
  command: z.string().default(''),
  cwd: z.string().default(''),
  startedAt: z.number().default(0),
  endedAt: z.number().nullable().default(null),
  exitCode: z.number().nullable().default(null),
  signal: z.string().nullable().default(null),
  restarts: int.min(0).default(0),
  nextRestartAt: z.number().nullable().default(null),
  warnings: z.array(z.string()).default([]),
  message: z.string().nullable().default(null),
  lastLines: z.array(z.string()).default([]),
  refs: z.record(z.string(), port).optional(),
  dismissed: z.boolean().optional(),
});

/** The record with its missing fields filled in, or what is wrong with it ("status: …; pid: …"). */
export function parseRecord(value: unknown): { ok: true; instance: Instance } | { ok: false; problem: string } {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { ok: false, problem: `it is ${describeJsonValue(value)}, not a record` };
  const parsed = InstanceRecord.safeParse(value);
  if (!parsed.success) return { ok: false, problem: formatIssues(parsed.error) };
  const { refs, dismissed, ...rest } = parsed.data;
  return {
    ok: true,
    instance: {
      ...(rest as Omit<Instance, 'refs' | 'dismissed'>),
      ...(refs !== undefined ? { refs } : {}),
      ...(dismissed !== undefined ? { dismissed } : {}),
    },
  };
}
