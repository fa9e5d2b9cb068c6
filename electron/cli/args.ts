import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './exit.js';

export type Options = NonNullable<ParseArgsConfig['options']>;

/** parseArgs in strict mode, with its errors turned into one readable line. */
export type ParsedArgs = Readonly<{ values: Readonly<Record<string, string | boolean | undefined>>; positionals: readonly string[] }>;

export function parseCommandArgs(argv: readonly string[], options: Options, maxPositionals: number): ParsedArgs {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: { ...options, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
  } catch (err) {
    const msg = err instanceof Error ? err.message.split('\n')[0] ?? '' : String(err);
    throw new UsageError(msg.replace(/^Unknown option '(.*)'.*$/, "unknown option '$1'").replace(/\. To specify a positional.*$/, ''));
  }
  if (parsed.positionals.length > maxPositionals) throw new UsageError(`unexpected argument '${parsed.positionals[maxPositionals]}'`);
  return { values: parsed.values as Record<string, string | boolean | undefined>, positionals: parsed.positionals };
}

/**
 * Numbers from the command line: digits become numbers; anything else is passed through as the
 * string it was, so the contract's validator names the field and shows what was typed.
 */
export function toNumberArg(value: string | undefined): number | string | undefined {
  if (value === undefined) return undefined;
  const t = value.trim();
  return /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : value;
}

export function toPortList(value: string | undefined): (number | string)[] {
  if (value === undefined || value.trim() === '') return [];
  return value.split(',').map((s) => toNumberArg(s.trim()) ?? s);
}
