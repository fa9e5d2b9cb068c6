import type { CliContext } from './context.js';
import { printJson, reportError } from './context.js';
import { need, parseCommandArgs, toNumberArg, toPortList } from './args.js';
import { EXIT_FAILED, EXIT_OK } from './exit.js';
import { formatListenerGroups, holderLine } from './format.js';
import { filterListeners, parseListenerFilters } from './ports-filter.js';

const PORT_ARG = { port: 'port' } as const;

/** `berth ports [PORT|A-B|TEXT]...`: exit 1 when filters were given and nothing matched. */
export async function runPorts(ctx: CliContext, argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, {}, Infinity);
  const filters = parseListenerFilters(positionals);
  const r = await ctx.api['ports.list']({});
  if (!r.ok) return reportError(ctx, r, values.json === true);
  const list = filterListeners(r.value.listeners, filters);
  const code = filters.length > 0 && list.length === 0 ? EXIT_FAILED : EXIT_OK;
  if (values.json) return (printJson(ctx, list), code);
  if (code !== EXIT_OK) ctx.out(`No listening TCP port matches ${positionals.map((p) => `'${p}'`).join(' or ')}.`);
  else ctx.out(formatListenerGroups(list, ctx.width));
  return code;
}

export async function runWho(ctx: CliContext, argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, {}, 1);
  const port = need(positionals[0], 'missing the port, e.g. berth who 3000');
  const r = await ctx.raw['ports.who']({ port: toNumberArg(port) });
  if (!r.ok) return reportError(ctx, r, values.json === true, PORT_ARG);
  const { listeners } = r.value;
  if (values.json) printJson(ctx, listeners);
  else if (listeners.length === 0) ctx.out(`Nobody listens on port ${r.value.port}.`);
  else ctx.out([`Port ${r.value.port}:`, ...listeners.map((l) => `  ${holderLine(l)}`)].join('\n'));
  return listeners.length > 0 ? EXIT_OK : EXIT_FAILED;
}

export async function runCheck(ctx: CliContext, argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, {}, 1);
  const port = need(positionals[0], 'missing the port, e.g. berth check 3000');
  const r = await ctx.raw['ports.check']({ port: toNumberArg(port) });
  if (!r.ok) return reportError(ctx, r, values.json === true, PORT_ARG);
  const { free, holders, detail } = r.value;
  if (values.json) printJson(ctx, r.value);
  else if (free) ctx.out(`Port ${r.value.port} is free.`);
  else if (holders.length > 0)
    ctx.out([`Port ${r.value.port} is in use:`, ...holders.map((l) => `  ${holderLine(l)}`)].join('\n'));
  else ctx.out(`Port ${r.value.port} cannot be bound (${detail ?? 'busy'}), though no process lists it.`);
  return free ? EXIT_OK : EXIT_FAILED;
}

export async function runFind(ctx: CliContext, argv: readonly string[]): Promise<number> {
  const { values } = parseCommandArgs(
    argv,
    { from: { type: 'string' }, to: { type: 'string' }, exclude: { type: 'string' }, count: { type: 'string' } },
    0,
  );
  const req: Record<string, unknown> = { exclude: toPortList(values.exclude as string | undefined) };
  for (const k of ['from', 'to', 'count'] as const) {
    const v = toNumberArg(values[k] as string | undefined);
    if (v !== undefined) req[k] = v;
  }
  const r = await ctx.raw['ports.find'](req);
  if (!r.ok)
    return reportError(ctx, r, values.json === true, {
      from: '--from',
      to: '--to',
      exclude: '--exclude',
      count: '--count',
    });
  if (values.json) printJson(ctx, r.value);
  else if (r.value.ports.length > 0) {
    ctx.out(r.value.ports.join('\n'));
    const asked = typeof req.count === 'number' ? req.count : 1;
    if (r.value.ports.length < asked)
      ctx.err(
        `berth: only ${r.value.ports.length} free of the ${asked} asked for in ` +
          `${String(req.from ?? 3000)}–${String(req.to ?? 65535)}.`,
      );
  } else ctx.err(`berth: no free port in ${String(req.from ?? 3000)}–${String(req.to ?? 65535)}.`);
  return r.value.ports.length > 0 ? EXIT_OK : EXIT_FAILED;
}
