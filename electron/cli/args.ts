import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './exit.js';
import { didYouMean } from './suggest.js';

export type Options = NonNullable<ParseArgsConfig['options']>;

/** parseArgs in strict mode, with its errors turned into one readable line. */
export type ParsedArgs = Readonly<{
  values: Readonly<Record<string, string | boolean | string[] | undefined>>;
  positionals: readonly string[];
}>;

/** Marks a positional that looks like an option ("-1") so parseArgs keeps it; removed after parsing. */
const LITERAL = '\u0000';

/**
 * Parses one command's flags. Node's parseArgs refuses a value that looks like an option
 * (`--arg --port` is "ambiguous", `--ready-timeout -1` too), so the value of an option that takes one
 * is joined to it first (`--arg=--port`): the next token is always the value, as users expect.
 */
export function parseCommandArgs(argv: readonly string[], options: Options, maxPositionals: number): ParsedArgs {
  const all: Options = { ...options, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } };
  let parsed;
  try {
    parsed = parseArgs({ args: joinOptionValues(argv, all), options: all, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError(describeParseError(err, all));
  }
  const positionals = parsed.positionals.map((p) => (p.startsWith(LITERAL) ? p.slice(1) : p));
  if (positionals.length > maxPositionals) throw new UsageError(`unexpected argument '${positionals[maxPositionals]}'`);
  return { values: parsed.values as ParsedArgs['values'], positionals };
}

export function joinOptionValues(argv: readonly string[], options: Options): string[] {
  const byShort = new Map(Object.entries(options).flatMap(([k, o]) => (o.short ? [[o.short, k] as const] : [])));
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      out.push(...argv.slice(i));
      break;
    }
    const key =
      a.startsWith('--') && !a.includes('=') ? a.slice(2) : /^-[A-Za-z]$/.test(a) ? byShort.get(a[1]!) : undefined;
    if (key !== undefined && options[key]?.type === 'string' && i + 1 < argv.length) {
      out.push(`--${key}=${argv[++i]}`);
    } else if (/^-\d/.test(a)) {
      out.push(LITERAL + a); // a negative number where a positional goes: the validator judges it
    } else {
      out.push(a);
    }
  }
  return out;
}

function describeParseError(err: unknown, options: Options): string {
  const code = (err as { code?: string }).code;
  const msg = err instanceof Error ? (err.message.split('\n')[0] ?? '') : String(err);
  const flags = Object.keys(options).map((k) => `--${k}`);
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const typed = /'([^']*)'/.exec(msg)?.[1] ?? msg;
    const bare = typed.replace(/=.*$/, '');
    const hint = didYouMean(
      bare.replace(/^-+/, ''),
      flags.map((f) => f.slice(2)),
    ).replace(/'([^']+)'/g, "'--$1'");
    return `unknown option '${bare}'.${hint}`.replace(/\.$/, '');
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const flag = /'(-[^' ]*)/.exec(msg)?.[1] ?? '';
    if (/argument missing/.test(msg)) return `${flag} needs a value`;
    if (/does not take an argument/.test(msg)) return `${flag} takes no value`;
  }
  return msg.replace(/\. To specify a positional.*$/, '');
}

/** The positional a command cannot do without, or a usage error that says what to type. */
export function need(value: string | undefined, what: string): string {
  if (value === undefined || value === '') throw new UsageError(what);
  return value;
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
