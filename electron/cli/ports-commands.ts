import type { CliContext } from './context.js';
import { printJson, reportError } from './context.js';
import { parseCommandArgs, toNumberArg, toPortList } from './args.js';
import { EXIT_BAD_INPUT, EXIT_FAILED, EXIT_OK } from './exit.js';
import { formatListenerGroups, holderLine } from './format.js';
import { confirm } from './confirm.js';
import type { FreePortResult } from '../contract/views.js';

export async function runPorts(ctx: CliContext, argv: readonly string[]): Promise<number> {
  const { values } = parseCommandArgs(argv, {}, 0);
  const r = await ctx.api['ports.list']({});
  if (!r.ok) return reportError(ctx, r, values.json === true);
  if (values.json) return printJson(ctx, r.value.listeners);
  ctx.out(formatListenerGroups(r.value.listeners));
  return EXIT_OK;
}

export async function runWho(ctx: CliContext, argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, {}, 1);
  const r = await ctx.raw['ports.who']({ port: toNumberArg(positionals[0]) });
  if (!r.ok) return reportError(ctx, r, values.json === true);
  const { port, listeners } = r.value;
  if (values.json) printJson(ctx, listeners);
  else if (listeners.length === 0) ctx.out(`Nobody listens on port ${port}.`);
  else ctx.out([`Port ${port}:`, ...listeners.map((l) => `  ${holderLine(l)}`)].join('\n'));
  return listeners.length > 0 ? EXIT_OK : EXIT_FAILED;
}

export async function runCheck(ctx: CliContext, argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, {}, 1);
  const r = await ctx.raw['ports.check']({ port: toNumberArg(positionals[0]) });
  if (!r.ok) return reportError(ctx, r, values.json === true);
  const { port, free, holders, detail } = r.value;
  if (values.json) printJson(ctx, r.value);
  else if (free) ctx.out(`Port ${port} is free.`);
  else if (holders.length > 0) ctx.out([`Port ${port} is in use:`, ...holders.map((l) => `  ${holderLine(l)}`)].join('\n'));
  else ctx.out(`Port ${port} cannot be bound (${detail ?? 'busy'}), though no process lists it.`);
  return free ? EXIT_OK : EXIT_FAILED;
}

export async function runFind(ctx: CliContext, argv: readonly string[]): Promise<number> {
  const { values } = parseCommandArgs(argv, { from: { type: 'string' }, to: { type: 'string' }, exclude: { type: 'string' }, count: { type: 'string' } }, 0);
  const req: Record<string, unknown> = { exclude: toPortList(values.exclude as string | undefined) };
  for (const k of ['from', 'to', 'count'] as const) {
    const v = toNumberArg(values[k] as string | undefined);
    if (v !== undefined) req[k] = v;
  }
  const r = await ctx.raw['ports.find'](req);
  if (!r.ok) return reportError(ctx, r, values.json === true);
  if (values.json) printJson(ctx, r.value);
  else if (r.value.ports.length > 0) ctx.out(r.value.ports.join('\n'));
  else ctx.err(`berth: no free port in ${String(req.from ?? 3000)}–${String(req.to ?? 65535)}.`);
  return r.value.ports.length > 0 ? EXIT_OK : EXIT_FAILED;
}

export async function runFree(ctx: CliContext, argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    argv,
    { timeout: { type: 'string' }, force: { type: 'boolean' }, parent: { type: 'boolean' }, yes: { type: 'boolean', short: 'y' }, 'dry-run': { type: 'boolean' }, 'allow-system': { type: 'boolean' } },
    1,
  );
  const json = values.json === true;
  const req = {
    port: toNumberArg(positionals[0]),
    force: values.force === true,
    parent: values.parent === true,
    allowSystem: values['allow-system'] === true,
    ...(values.timeout !== undefined ? { timeout: toNumberArg(values.timeout as string) } : {}),
  };
  const dryRun = values['dry-run'] === true;
  if (!dryRun && values.yes !== true) {
    const plan = await ctx.raw['ports.free']({ ...req, dryRun: true });
    if (!plan.ok) return reportError(ctx, plan, json);
    if (!plan.value.alreadyFree && ((plan.value.planned?.length ?? 0) > 0 || (plan.value.instances?.length ?? 0) > 0)) {
      if (!ctx.isTTY) {
        const msg = `${plan.value.message} Not on a terminal: pass --yes to confirm.`;
        return reportError(ctx, { ok: false, error: { code: 'bad-input', message: msg, hint: `berth free ${String(req.port)} --yes` } }, json);
      }
      if (!(await confirm(plan.value.message.replace(/^Would send/, 'Send').replace(/^Would stop/, 'Stop').replace(/\.$/, '?')))) {
        ctx.err('Nothing was stopped.');
        return EXIT_FAILED;
      }
    }
  }
  const r = await ctx.raw['ports.free']({ ...req, dryRun });
  if (!r.ok) return reportError(ctx, r, json);
  if (json) printJson(ctx, r.value);
  else ctx.out(describeFree(r.value));
  if (dryRun) return (r.value.planned?.length ?? 0) > 0 || (r.value.instances?.length ?? 0) > 0 || r.value.alreadyFree ? EXIT_OK : EXIT_FAILED;
  return r.value.freed ? EXIT_OK : EXIT_FAILED;
}

function describeFree(r: FreePortResult): string {
  const lines = [r.message];
  for (const s of r.stopped) lines.push(`  ${s.signals.join(' then ')} → ${s.process} (PID ${s.pid}) ${s.command}`);
  for (const p of r.planned ?? []) lines.push(`  would stop ${p.process} (PID ${p.pid}) ${p.command}`);
  for (const x of r.refused) lines.push(`  not signalled${x.pid !== null ? ` PID ${x.pid}` : ''}: ${x.reason}`);
  if (r.hint) lines.push(r.hint);
  return lines.join('\n');
}

export { EXIT_BAD_INPUT };
