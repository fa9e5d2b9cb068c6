import { z } from 'zod';
import { Port, Seconds } from './schemas.js';

/** Each setting's type, without its default (a change names only the keys it changes). */
const fields = {
  /** Ports the tray offers to free ("Free port 8000") and whose takeover is announced. */
  watchedPorts: z.array(Port).max(50, { error: 'at most 50 watched ports' }),
  notifications: z.boolean({ error: (i) => `must be true or false, got ${JSON.stringify(i.input)}` }),
  /** Poll interval while a face watches (a window, a menu, a subscriber, a starting instance). */
  pollActiveSeconds: z
    .number({ error: (i) => `must be a number of seconds, got ${JSON.stringify(i.input)}` })
    .min(0.25, { error: 'must be at least 0.25 s' })
    .max(60, { error: 'must be at most 60 s' }),
  /** Poll interval while nothing watches. */
  pollIdleSeconds: z
    .number({ error: (i) => `must be a number of seconds, got ${JSON.stringify(i.input)}` })
    .min(1, { error: 'must be at least 1 s' })
    .max(600, { error: 'must be at most 600 s' }),
  /** What quitting the host does with running servers. */
  onQuit: z.enum(['leave', 'stop'], { error: 'must be "leave" or "stop"' }),
  /** Stop timeout for freeing a port when none is given (profiles have their own). */
  stopTimeout: Seconds,
};

/** The engine's settings (settings.json beside the profiles); every face edits them through the contract. */
export const Settings = z
  .object({
    watchedPorts: fields.watchedPorts.default([]),
    notifications: fields.notifications.default(true),
    pollActiveSeconds: fields.pollActiveSeconds.default(1),
    pollIdleSeconds: fields.pollIdleSeconds.default(5),
    onQuit: fields.onQuit.default('leave'),
    stopTimeout: fields.stopTimeout.default(10),
  })
  .strict();

/**
 * A change to the settings: only the keys it names. Not `Settings.partial()`: in zod 4 a partial of a field
 * with a default still fills the default in, so saving one key would reset every other one.
 */
export const SettingsPatch = z.object(fields).partial().strict();

export type Settings = z.output<typeof Settings>;
export type SettingsInput = z.input<typeof Settings>;
export const DEFAULT_SETTINGS: Settings = Settings.parse({});
