import type { CliContext } from './context.js';
import { printJson, reportError } from './context.js';
import { need, parseCommandArgs, toNumberArg } from './args.js';
import { EXIT_FAILED, EXIT_OK } from './exit.js';
import { isActive, type InstanceView as Instance } from '../contract/views.js';
import { formatStatus } from './status-format.js';

export { formatStatus };

/** Conventional exit code of a command ended by SIGINT (128 + 2). */
export const EXIT_INTERRUPTED = 130;

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
  const target = need(positionals[0], 'missing the profile or group, e.g. berth start web');
  const port = toNumberArg(values.port as string | undefined);
  // Ctrl-C ends only the waiting: the host goes on starting the server, so say where it went.
  const onInterrupt = (): void => {
    ctx.err(`\nStopped waiting. ${target} keeps starting in the background: see it with 'berth status', stop it with 'berth stop ${target}'.`);
    process.exit(EXIT_INTERRUPTED);
  };
  process.once('SIGINT', onInterrupt);
  const r = await ctx.raw['instances.start']({ target, wait: values['no-wait'] !== true, ...(port !== undefined ? { port } : {}) }).finally(() => process.removeListener('SIGINT', onInterrupt));
  if (!r.ok) return reportError(ctx, r, json, { target: 'profile', port: '--port' });
  const okStatus = values['no-wait'] === true ? ['starting', 'ready'] : ['ready'];
  const good = r.value.instances.every((i) => okStatus.includes(i.status));
  if (json) printJson(ctx, r.value.instances);
  else for (const i of r.value.instances) (okStatus.includes(i.status) ? ctx.out : ctx.err)(i.status === 'starting' ? `${i.profile}: starting on ${Object.values(i.ports).join(', ')} (log: ${i.logFile})` : describeStart(i));
  return good ? EXIT_OK : EXIT_FAILED;
}

export async function runStop(ctx: CliContext, argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, {}, 1);
  const target = need(positionals[0], 'missing the profile, instance id or group, e.g. berth stop web');
  const r = await ctx.api['instances.stop']({ target });
  if (!r.ok) return reportError(ctx, r, values.json === true, { target: 'profile' });
  if (values.json) printJson(ctx, r.value.instances);
  else if (r.value.instances.length === 0) ctx.out(`Nothing of ${target} is running.`);
  else for (const i of r.value.instances) ctx.out(`${i.id}: ${i.status}${i.warnings.length > 0 ? ` — ${i.warnings.at(-1)}` : ''}`);
  return r.value.instances.every((i) => i.status === 'stopped') ? EXIT_OK : EXIT_FAILED;
}

export async function runRestart(ctx: CliContext, argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, {}, 1);
  const target = need(positionals[0], 'missing the profile or instance id, e.g. berth restart web');
  const r = await ctx.api['instances.restart']({ target });
  if (!r.ok) return reportError(ctx, r, values.json === true, { target: 'profile' });
  if (values.json) printJson(ctx, r.value.instances);
  else for (const i of r.value.instances) ctx.out(describeStart(i));
  return r.value.instances.every((i) => i.status === 'ready') ? EXIT_OK : EXIT_FAILED;
}

export async function runStatus(ctx: CliContext, argv: readonly string[]): Promise<number> {
  const { values } = parseCommandArgs(argv, { all: { type: 'boolean' }, watch: { type: 'boolean', short: 'w' } }, 0);
  const pick = (all: readonly Instance[]): readonly Instance[] => (values.all ? all : all.filter(isActive));
  if (values.watch === true) return watchStatus(ctx, pick, values.json === true);
  const r = await ctx.api['instances.list']({});
  if (!r.ok) return reportError(ctx, r, values.json === true);
  const list = pick(r.value.instances);
  if (values.json) return printJson(ctx, list);
  ctx.out(formatStatus(list, ctx));
  return EXIT_OK;
}

/** `status --watch`: redraws on every pushed snapshot until Ctrl-C (each snapshot one JSON line with --json). */
async function watchStatus(ctx: CliContext, pick: (all: readonly Instance[]) => readonly Instance[], json: boolean): Promise<number> {
  await new Promise<void>((resolve) => {
    const off = ctx.api.onState((s) => {
      const list = pick(s.instances);
      if (json) return ctx.out(JSON.stringify({ rev: s.rev, instances: list }));
      if (ctx.isTTY) process.stdout.write('\x1b[H\x1b[2J');
      ctx.out(`${formatStatus(list, ctx)}\n\n(rev ${s.rev}; Ctrl-C to stop)`);
    });
    process.once('SIGINT', () => {
      off();
      resolve();
    });
  });
  return EXIT_OK;
}
