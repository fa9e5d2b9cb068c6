import type { CommandName } from './commands.js';

/**
 * Every command name, without zod: what a client needs to build its API (the CLI starts faster, the
 * preload bundle stays small). test/contract/names.test.ts checks it against commandSchemas.
 */
export const commandNames = [
  'ports.list',
  'ports.who',
  'ports.check',
  'ports.find',
  'ports.free',
  'profiles.list',
  'profiles.get',
  'profiles.save',
  'profiles.remove',
  'profiles.import',
  'instances.start',
  'instances.stop',
  'instances.restart',
  'instances.list',
  'instances.logs',
  'instances.dismiss',
  'state.get',
  'notices.list',
  'notices.dismiss',
  'settings.get',
  'settings.save',
] as const satisfies readonly CommandName[];

/** A compile error here means a command was added to commandSchemas but not to the list above. */
type Missing = Exclude<CommandName, (typeof commandNames)[number]>;
export const NAMES_COMPLETE: [Missing] extends [never] ? true : Missing = true;
