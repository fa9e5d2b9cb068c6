import type { CliContext } from './context.js';
import { printJson, reportError } from './context.js';
import { parseCommandArgs, toNumberArg } from './args.js';
import { EXIT_FAILED, EXIT_OK, UsageError } from './exit.js';
import type { Instance } from '../core/supervisor/types.js';

/** The stable JSON form of an instance (README "JSON output"). */
export function publicInstance(i: Instance) {
  return {
    id: i.id, profile: i.profile, status: i.status, pid: i.pid, ports: i.ports,
    allocation: i.allocation.map((a) => ({ name: a.name, preferred: a.preferred, assigned: a.assigned, source: a.source, attempts: a.attempts, heldBy: a.heldBy })),
    url: i.url, logFile: i.logFile, startedAt: i.startedAt, exitCode: i.exitCode,
    signal: i.signal, actualPorts: i.actualPorts, warnings: i.warnings, message: i.message, restarts: i.restarts,
  };
}

/** "web → http://localhost:3001 (3000 is held by python3, PID 4120)" */
export function describeStart(i: Instance): string {
  if (i.status === 'ready') {
    const fell = i.allocation.find((a) => a.assigned !== a.preferred && a.heldBy && a.heldBy.length > 0);
    const h = fell?.heldBy?.[0];
    const why = fell && h ? ` (${fell.preferred} is held by ${h.process ?? 'a process'}${h.pid !== null ? `, PID ${h.pid}` : ''})` : '';
    const warn = i.warnings.map((w) => `\n  warning: ${w}`).join('');
    return `${i.profile} → ${i.url ?? `PID ${i.pid}`}${why}${warn}`;
  }
  const tail = i.lastLines.length > 0 ? `\n  last output:\n${i.lastLines.slice(-10).map((l) => `    ${l}`).join('\n')}` : '';
  return `${i.profile}: ${i.status}${i.message ? ` — ${i.message}` : ''}\n  log: ${i.logFile}${tail}`;
}

export async function runStart(ctx: CliContext, argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, { port: { type: 'string' }, 'no-wait': { type: 'boolean' } }, 1);
  const json = values.json === true;
  if (!positionals[0]) throw new UsageError('start needs a profile or group name');
  const port = toNumberArg(values.port as string | undefined);
  const r = await ctx.api['instances.start']({ target: positionals[0], wait: values['no-wait'] !== true, ...(port !== undefined ? { port: port as number } : {}) });
  if (!r.ok) return reportError(ctx, r, json);
  const okStatus = values['no-wait'] === true ? ['starting', 'ready'] : ['ready'];
  const good = r.value.instances.every((i) => okStatus.includes(i.status));
  if (json) printJson(ctx, r.value.instances.map(publicInstance));
  else for (const i of r.value.instances) (okStatus.includes(i.status) ? ctx.out : ctx.err)(i.status === 'starting' ? `${i.profile}: starting on ${Object.values(i.ports).join(', ')} (log: ${i.logFile})` : describeStart(i));
  return good ? EXIT_OK : EXIT_FAILED;
}

export async function runStop(ctx: CliContext, argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, {}, 1);
  if (!positionals[0]) throw new UsageError('stop needs a profile, instance id or group');
  const r = await ctx.api['instances.stop']({ target: positionals[0] });
  if (!r.ok) return reportError(ctx, r, values.json === true);
  if (values.json) printJson(ctx, r.value.instances.map(publicInstance));
  else if (r.value.instances.length === 0) ctx.out(`Nothing of ${positionals[0]} is running.`);
  else for (const i of r.value.instances) ctx.out(`${i.id}: ${i.status}${i.warnings.length > 0 ? ` — ${i.warnings.at(-1)}` : ''}`);
  return r.value.instances.every((i) => i.status === 'stopped') ? EXIT_OK : EXIT_FAILED;
}

export async function runRestart(ctx: CliContext, argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, {}, 1);
  if (!positionals[0]) throw new UsageError('restart needs a profile or instance id');
  const r = await ctx.api['instances.restart']({ target: positionals[0] });
  if (!r.ok) return reportError(ctx, r, values.json === true);
  if (values.json) printJson(ctx, r.value.instances.map(publicInstance));
  else for (const i of r.value.instances) ctx.out(describeStart(i));
  return r.value.instances.every((i) => i.status === 'ready') ? EXIT_OK : EXIT_FAILED;
}

export async function runStatus(ctx: CliContext, argv: readonly string[]): Promise<number> {
  const { values } = parseCommandArgs(argv, { all: { type: 'boolean' } }, 0);
  const r = await ctx.api['instances.list']({});
  if (!r.ok) return reportError(ctx, r, values.json === true);
  const list = values.all ? r.value.instances : r.value.instances.filter((i) => ['starting', 'ready', 'not listening', 'stopping'].includes(i.status));
  if (values.json) return printJson(ctx, list.map(publicInstance));
  if (list.length === 0) {
    ctx.out('Nothing is running. Start a profile: berth start <name>');
    return EXIT_OK;
  }
  const rows = list.map((i) => [i.id, i.status, i.pid === null ? '-' : String(i.pid), Object.entries(i.ports).map(([k, v]) => `${k}=${v}`).join(' ') || '-', i.url ?? '-']);
  const head = ['INSTANCE', 'STATUS', 'PID', 'PORTS', 'URL'];
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  for (const r of [head, ...rows]) ctx.out(r.map((x, c) => x.padEnd(widths[c]!)).join('  ').trimEnd());
  return EXIT_OK;
}

export async function runLogs(ctx: CliContext, argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, { n: { type: 'string', short: 'n' }, follow: { type: 'boolean', short: 'f' } }, 1);
  if (!positionals[0]) throw new UsageError('logs needs a profile or instance id');
  const n = toNumberArg(values.n as string | undefined) ?? 50;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) throw new UsageError(`-n takes a whole number of lines, got '${String(values.n)}'`);
  const first = await ctx.api['instances.logs']({ id: positionals[0], since: 0 });
  if (!first.ok) return reportError(ctx, first, false);
  for (const l of first.value.lines.slice(-n)) ctx.out(l);
  if (values.follow !== true || !first.value.running) return EXIT_OK;
  let cursor = first.value.cursor;
  let stop = false;
  process.once('SIGINT', () => (stop = true));
  while (!stop) {
    await new Promise((r) => setTimeout(r, 250));
    const next = await ctx.api['instances.logs']({ id: first.value.id, since: cursor });
    if (!next.ok || !next.value.running) break;
    for (const l of next.value.lines) ctx.out(l);
    cursor = next.value.cursor;
  }
  return EXIT_OK;
}
