import type { BerthApi, UncheckedApi } from '../contract/client.js';
import type { Result } from '../contract/result.js';
import { exitCodeFor, EXIT_OK } from './exit.js';
import { nameFields, type FieldNames } from './fields.js';

export type CliContext = Readonly<{
  api: BerthApi;
  /** The same API, typed for flag values that the engine's validator still has to check. */
  raw: UncheckedApi;
  out: (text: string) => void;
  err: (text: string) => void;
  /** stdin is a terminal: Berth may ask a question. */
  isTTY: boolean;
  /** stdout is a terminal and NO_COLOR is unset: statuses may be coloured (never with --json). */
  color: boolean;
  /** Columns of the terminal on stdout; null when stdout is a pipe or file (nothing is truncated). */
  width: number | null;
}>;

/**
 * Prints a failed Result (as JSON on stdout with --json, else on stderr) and returns its exit code.
 * `names` maps the contract's field paths to the flags this command took them from.
 */
export function reportError(
  ctx: CliContext,
  result: Extract<Result<unknown>, { ok: false }>,
  json: boolean,
  names: FieldNames = {},
): number {
  const error = { ...result.error, message: nameFields(result.error.message, names) };
  if (json) ctx.out(JSON.stringify({ error }, null, 2));
  else ctx.err(`berth: ${error.message}${error.hint ? `\n${error.hint}` : ''}`);
  return exitCodeFor(error);
}

export function printJson(ctx: CliContext, value: unknown): number {
  ctx.out(JSON.stringify(value, null, 2));
  return EXIT_OK;
}
