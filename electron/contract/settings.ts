import { z } from 'zod';
import { Port, Seconds } from './schemas.js';

/** The engine's settings (settings.json beside the profiles); every face edits them through the contract. */
export const Settings = z
  .object({
    /** Ports the tray offers to free ("Free port 8000") and whose takeover is announced. */
    watchedPorts: z.array(Port).max(50, { error: 'at most 50 watched ports' }).default([]),
    notifications: z.boolean({ error: (i) => `must be true or false, got ${JSON.stringify(i.input)}` }).default(true),
    /** Poll interval while a face watches (a window, a menu, a subscriber, a starting instance). */
    pollActiveSeconds: z
      .number({ error: (i) => `must be a number of seconds, got ${JSON.stringify(i.input)}` })
      .min(0.25, { error: 'must be at least 0.25 s' })
      .max(60, { error: 'must be at most 60 s' })
      .default(1),
    /** Poll interval while nothing watches. */
    pollIdleSeconds: z
      .number({ error: (i) => `must be a number of seconds, got ${JSON.stringify(i.input)}` })
      .min(1, { error: 'must be at least 1 s' })
      .max(600, { error: 'must be at most 600 s' })
      .default(5),
    /** What quitting the host does with running servers. */
    onQuit: z.enum(['leave', 'stop'], { error: 'must be "leave" or "stop"' }).default('leave'),
    /** Stop timeout for freeing a port when none is given (profiles have their own). */
    stopTimeout: Seconds.default(10),
  })
  .strict();

export type Settings = z.output<typeof Settings>;
export type SettingsInput = z.input<typeof Settings>;
export const DEFAULT_SETTINGS: Settings = Settings.parse({});
