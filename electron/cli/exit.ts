import type { BerthError } from '../contract/result.js';

/** Public, documented exit codes (README "Exit codes"). */
export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_BAD_INPUT = 2;

/** Thrown inside the CLI for input problems found before the engine is called. */
export class UsageError extends Error {}

export function exitCodeFor(error: BerthError): number {
  return error.code === 'bad-input' ? EXIT_BAD_INPUT : EXIT_FAILED;
}
