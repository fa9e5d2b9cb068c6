import type { CliContext } from './context.js';
import { printJson, reportError } from './context.js';
import { parseCommandArgs, toNumberArg } from './args.js';
import { EXIT_BAD_INPUT, EXIT_FAILED, EXIT_OK, UsageError, exitCodeFor } from './exit.js';
import { confirm } from './confirm.js';
import { nameFields } from './fields.js';
import type { FreePortResult } from '../contract/views.js';
import type { BerthError, Result } from '../contract/result.js';

const NAMES = { port: 'port', timeout: '--timeout' } as const;
type Outcome = Readonly<{ port: string; result: Result<FreePortResult> }>;

/**
 * `berth free <port>...`: one plan and one confirmation for all ports, then each is freed in turn.
 * Exit 0 only if every port is free afterwards. --json: the result object for one port (as always),
 * an array for several (a port that could not be tried carries `error`).
 */
export async function runFree(ctx: CliContext, argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    argv,
    {
      timeout: { type: 'string' },
      force: { type: 'boolean' },
      parent: { type: 'boolean' },
      yes: { type: 'boolean', short: 'y' },
      'dry-run': { type: 'boolean' },
      'allow-system': { type: 'boolean' },
    },
    Infinity,
  );
  if (positionals.length === 0)
    throw new UsageError('missing the port, e.g. berth free 3000 (or several: berth free 3000 5173)');
  const json = values.json === true;
  const base = {
    force: values.force === true,
    parent: values.parent === true,
    allowSystem: values['allow-system'] === true,
    ...(values.timeout !== undefined ? { timeout: toNumberArg(values.timeout as string) } : {}),
  };
  const call = (port: string, dryRun: boolean): Promise<Result<FreePortResult>> =>
    ctx.raw['ports.free']({ ...base, port: toNumberArg(port), dryRun });
  const dryRun = values['dry-run'] === true;
  const several = positionals.length > 1;
  if (!dryRun && (values.yes !== true || several)) {
    // The plan also validates every port before anything is signalled.
    const plans: Outcome[] = [];
    for (const port of positionals) plans.push({ port, result: await call(port, true) });
    const bad = plans.find((p) => !p.result.ok);
    if (bad && !bad.result.ok) return reportError(ctx, withPort(bad, several), json, NAMES);
    const pending = plans.flatMap((p) => (p.result.ok && needsStop(p.result.value) ? [p.result.value.message] : []));
    if (values.yes !== true && pending.length > 0) {
      if (!ctx.isTTY) {
        const message = `${pending.join(' ')} Not on a terminal: pass --yes to confirm.`;
        return reportError(
          ctx,
          { ok: false, error: { code: 'bad-input', message, hint: `berth free ${positionals.join(' ')} --yes` } },
          json,
        );
      }
      const question = pending
        .map((m) =>
          m
            .replace(/^Would send/, 'Send')
            .replace(/^Would stop/, 'Stop')
            .replace(/\.$/, '?'),
        )
        .join('\n');
      if (!(await confirm(question))) {
        ctx.err('Nothing was stopped.');
        return EXIT_FAILED;
      }
    }
  }
  const done: Outcome[] = [];
  for (const port of positionals) done.push({ port, result: await call(port, dryRun) });
  if (!several) {
    const r = done[0]!.result;
    if (!r.ok) return reportError(ctx, r, json, NAMES);
    if (json) printJson(ctx, r.value);
    else ctx.out(describeFree(r.value));
    return succeeded(r.value) ? EXIT_OK : EXIT_FAILED;
  }
  if (json)
    printJson(
      ctx,
      done.map((d) => (d.result.ok ? d.result.value : { port: toNumberArg(d.port), error: named(d.result.error) })),
    );
  else
    for (const d of done)
      d.result.ok ? ctx.out(describeFree(d.result.value)) : ctx.err(`berth: ${aboutPort(d.port, d.result.error)}`);
  const failed = done.find((d) => !d.result.ok);
  if (failed && !failed.result.ok && exitCodeFor(failed.result.error) === EXIT_BAD_INPUT) return EXIT_BAD_INPUT;
  return done.every((d) => d.result.ok && succeeded(d.result.value)) ? EXIT_OK : EXIT_FAILED;
}

function needsStop(r: FreePortResult): boolean {
  return !r.alreadyFree && ((r.planned?.length ?? 0) > 0 || (r.instances?.length ?? 0) > 0);
}

function succeeded(r: FreePortResult): boolean {
  if (r.dryRun) return needsStop(r) || r.alreadyFree;
  return r.freed;
}

function named(e: BerthError): BerthError {
  return { ...e, message: nameFields(e.message, NAMES) };
}

function withPort(o: Outcome, several: boolean): Extract<Result<unknown>, { ok: false }> {
  const r = o.result as Extract<Result<unknown>, { ok: false }>;
  return several ? { ok: false, error: { ...r.error, message: aboutPort(o.port, r.error) } } : r;
}

/** "port 70000: must be from 1 to 65535, got 70000" — the port said once. */
function aboutPort(port: string, e: BerthError): string {
  return e.message.startsWith('port: ')
    ? `port ${port}: ${e.message.slice(6)}`
    : `port ${port}: ${nameFields(e.message, NAMES)}`;
}

export function describeFree(r: FreePortResult): string {
  const lines = [r.message];
  for (const s of r.stopped) lines.push(`  ${s.signals.join(' then ')} → ${s.process} (PID ${s.pid}) ${s.command}`);
  for (const p of r.planned ?? []) lines.push(`  would stop ${p.process} (PID ${p.pid}) ${p.command}`);
  for (const x of r.refused) lines.push(`  not signalled${x.pid !== null ? ` PID ${x.pid}` : ''}: ${x.reason}`);
  if (r.hint) lines.push(r.hint);
  return lines.join('\n');
}
