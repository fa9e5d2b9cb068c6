import type { CliContext } from './context.js';
import { printJson, reportError } from './context.js';
import { need, parseCommandArgs, toNumberArg } from './args.js';
import { EXIT_FAILED, EXIT_OK, UsageError } from './exit.js';
import type { InstanceView as Instance } from '../contract/views.js';
import { formatStatus } from './status-format.js';

export { formatStatus };

/** Conventional exit code of a command ended by SIGINT (128 + 2). */
export const EXIT_INTERRUPTED = 130;

/** "web → http://localhost:3001 (3000 is held by python3, PID 4120)" */
export function describeStart(i: Instance): string {
  if (i.status === 'ready') {
    const fell = i.allocation.find((a) => a.assigned !== a.preferred && a.heldBy && a.heldBy.length > 0);
    const h = fell?.heldBy?.[0];
    const who = !h
      ? ''
      : h.instance !== undefined
        ? h.profile === i.profile
          ? `its other instance ${h.instance}`
          : `${h.profile} (${h.instance})`
        : `${h.process ?? 'a process'}${h.pid !== null ? `, PID ${h.pid}` : ''}`;
    const why = fell && h ? ` (${fell.preferred} is held by ${who})` : '';
    const freed = i.allocation.flatMap((a) =>
      a.attempts
        .filter((t) => t.outcome === 'freed')
        .map((t) => {
          const stopped = (t.heldBy ?? []).map((x) => `${x.process ?? 'a process'}, PID ${x.pid}`).join(' and ');
          return `\n  freed port ${t.port}: stopped ${stopped || 'its holder'} (policy free)`;
        }),
    );
    const warn = i.warnings.map((w) => `\n  warning: ${w}`).join('');
    return `${i.profile} → ${i.url ?? `PID ${i.pid}`}${why}${freed.join('')}${warn}`;
  }
  const tail =
    i.lastLines.length > 0
      ? `\n  last output:\n${i.lastLines
          .slice(-10)
          .map((l) => `    ${l}`)
          .join('\n')}`
      : '';
  return `${i.profile}: ${i.status}${i.message ? ` — ${i.message}` : ''}\n  log: ${i.logFile}${tail}`;
}

/** `--port 4000` sets the first variable, `--port API_PORT=8001` any by name. */
export function parseStartPorts(raw: readonly string[]): {
  port?: number | string;
  ports?: Record<string, number | string>;
} {
  const out: { port?: number | string; ports?: Record<string, number | string> } = {};
  for (const r of raw) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(r);
    if (m) out.ports = { ...out.ports, [m[1]!]: toNumberArg(m[2]!)! };
    else if (out.port !== undefined)
      throw new UsageError(`--port without a name is given once; name the others: --port NAME=N`);
    else out.port = toNumberArg(r)!;
  }
  return out;
}

export async function runStart(ctx: CliContext, argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    argv,
    { port: { type: 'string', multiple: true }, new: { type: 'boolean' }, 'no-wait': { type: 'boolean' } },
    1,
  );
  const json = values.json === true;
  const target = need(positionals[0], 'missing the profile or group, e.g. berth start web');
  const ports = parseStartPorts((values.port as string[] | undefined) ?? []);
  // Ctrl-C ends only the waiting: the host goes on starting the server, so say where it went.
  const onInterrupt = (): void => {
    ctx.err(
      `\nStopped waiting. ${target} keeps starting in the background: ` +
        `see it with 'berth status', stop it with 'berth stop ${target}'.`,
    );
    process.exit(EXIT_INTERRUPTED);
  };
  process.once('SIGINT', onInterrupt);
  const request = { target, wait: values['no-wait'] !== true, new: values.new === true, ...ports };
  const r = await ctx.raw['instances.start'](request).finally(() => process.removeListener('SIGINT', onInterrupt));
  if (!r.ok) return reportError(ctx, r, json, { target: 'profile', port: '--port', ports: '--port' });
  const okStatus = values['no-wait'] === true ? ['starting', 'ready'] : ['ready'];
  const already = new Set(r.value.already ?? []);
  const good = r.value.instances.every((i) => okStatus.includes(i.status) || already.has(i.id));
  if (json) printJson(ctx, r.value.instances);
  else
    for (const i of r.value.instances) {
      if (already.has(i.id))
        ctx.out(
          `${i.profile} is already running → ${i.url ?? `PID ${i.pid}`} (${i.id}, ${i.status}). ` +
            `Another instance: berth start ${i.profile} --new`,
        );
      else
        (okStatus.includes(i.status) ? ctx.out : ctx.err)(
          i.status === 'starting'
            ? `${i.profile}: starting on ${Object.values(i.ports).join(', ')} (log: ${i.logFile})`
            : describeStart(i),
        );
    }
  return good ? EXIT_OK : EXIT_FAILED;
}

export async function runStop(ctx: CliContext, argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, {}, 1);
  const target = need(positionals[0], 'missing the profile, instance id or group, e.g. berth stop web');
  const r = await ctx.api['instances.stop']({ target });
  if (!r.ok) return reportError(ctx, r, values.json === true, { target: 'profile' });
  if (values.json) printJson(ctx, r.value.instances);
  else if (r.value.instances.length === 0) ctx.out(`Nothing of ${target} is running.`);
  else
    for (const i of r.value.instances)
      ctx.out(
        `${i.id}: ${i.status}` +
          // "forced after N s (SIGKILL)" when the server did not end on SIGTERM (README, stop).
          `${i.message !== null && i.message !== 'Stopped.' ? ` — ${i.message}` : ''}` +
          `${i.warnings.length > 0 ? ` — ${i.warnings.at(-1)}` : ''}`,
      );
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
  const scope = values.all === true ? 'all' : 'status';
  if (values.watch === true) return watchStatus(ctx, scope, values.json === true);
  const r = await ctx.api['instances.list']({ scope });
  if (!r.ok) return reportError(ctx, r, values.json === true);
  if (values.json) return printJson(ctx, r.value.instances);
  ctx.out(formatStatus(r.value.instances, ctx));
  return EXIT_OK;
}

/** `status --watch`: redraws on every pushed snapshot until Ctrl-C (each snapshot one JSON line with --json). */
async function watchStatus(ctx: CliContext, scope: 'all' | 'status', json: boolean): Promise<number> {
  let shown = '';
  await new Promise<void>((resolve) => {
    const off = ctx.api.onState((s) => {
      // The list comes from the engine, which knows what was dismissed; the snapshot says when to look.
      // A snapshot that changed something else (a listener elsewhere) prints nothing.
      void ctx.api['instances.list']({ scope }).then((r) => {
        if (!r.ok) return;
        const now = JSON.stringify(r.value.instances);
        if (now === shown) return;
        shown = now;
        if (json) return ctx.out(JSON.stringify({ rev: s.rev, instances: r.value.instances }));
        if (ctx.isTTY) process.stdout.write('\x1b[H\x1b[2J');
        ctx.out(`${formatStatus(r.value.instances, ctx)}\n\n(rev ${s.rev}; Ctrl-C to stop)`);
      });
    });
    process.once('SIGINT', () => {
      off();
      resolve();
    });
  });
  return EXIT_OK;
}

/** `berth dismiss <instance|profile> | --all`: hides crashed and failed instances from status. */
export async function runDismiss(ctx: CliContext, argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, { all: { type: 'boolean' } }, 1);
  const json = values.json === true;
  if (positionals[0] === undefined && values.all !== true)
    throw new UsageError('name an instance or profile, or pass --all, e.g. berth dismiss web');
  const r = await ctx.api['instances.dismiss']({
    all: values.all === true,
    ...(positionals[0] !== undefined ? { target: positionals[0] } : {}),
  });
  if (!r.ok) return reportError(ctx, r, json, { target: 'instance' });
  if (json) return printJson(ctx, r.value);
  ctx.out(r.value.dismissed.length === 0 ? 'Nothing to dismiss.' : `Dismissed ${r.value.dismissed.join(', ')}.`);
  return EXIT_OK;
}
