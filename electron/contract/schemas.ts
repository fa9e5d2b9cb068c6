import { z } from 'zod';

/** Shared field schemas. Messages are written for users: they follow the field name. */
export const Port = z
  .number({ error: (i) => `must be a whole number from 1 to 65535, got ${JSON.stringify(i.input)}` })
  .int({ error: (i) => `must be a whole number from 1 to 65535, got ${JSON.stringify(i.input)}` })
  .min(1, { error: (i) => `must be from 1 to 65535, got ${JSON.stringify(i.input)}` })
  .max(65535, { error: (i) => `must be from 1 to 65535, got ${JSON.stringify(i.input)}` });

export const Seconds = z
  .number({ error: (i) => `must be a number of seconds, got ${JSON.stringify(i.input)}` })
  .min(0, { error: 'must not be negative' })
  .max(3600, { error: 'must be at most 3600 seconds' });

/** A string that can reach a command line, an environment or a file name: NUL bytes would be cut there. */
export const Text = z
  .string({ error: 'must be text' })
  .refine((s) => !s.includes('\0'), { error: 'must not contain a NUL byte' });
