import type { BerthApi, UncheckedApi } from '../contract/api.js';
import type { Result } from '../contract/result.js';
import { exitCodeFor, EXIT_OK } from './exit.js';

export type CliContext = Readonly<{
  api: BerthApi;
  /** The same API, typed for flag values that the engine's validator still has to check. */
  raw: UncheckedApi;
  out: (text: string) => void;
  err: (text: string) => void;
  isTTY: boolean;
}>;

/** Prints a failed Result (as JSON on stdout with --json, else on stderr) and returns its exit code. */
export function reportError(ctx: CliContext, result: Extract<Result<unknown>, { ok: false }>, json: boolean): number {
  const { error } = result;
  if (json) ctx.out(JSON.stringify({ error }, null, 2));
  else ctx.err(`berth: ${error.message}${error.hint ? `\n${error.hint}` : ''}`);
  return exitCodeFor(error);
}

export function printJson(ctx: CliContext, value: unknown): number {
  ctx.out(JSON.stringify(value, null, 2));
  return EXIT_OK;
}
