import type { CliContext } from './context.js';
import { printJson, reportError } from './context.js';
import { EXIT_FAILED, EXIT_OK } from './exit.js';
import { confirm } from './confirm.js';
import { isActive } from '../contract/views.js';

const NAME = { name: 'profile name' } as const;

/**
 * `berth profile rm NAME [--stop] [--yes]`. A running profile is never removed from under its
 * servers (they would run on with no command able to reach them): on a terminal Berth asks whether
 * to stop them; elsewhere it needs --stop, and fails with exit 1 and that hint.
 */
export async function removeProfile(
  ctx: CliContext,
  name: string,
  opts: Readonly<{ stop: boolean; yes: boolean; json: boolean }>,
): Promise<number> {
  const list = await ctx.api['instances.list']({});
  if (!list.ok) return reportError(ctx, list, opts.json);
  const running = list.value.instances.filter((i) => i.profile === name && isActive(i));
  let stop = opts.stop;
  if (running.length > 0 && !stop) {
    const what = `${name} is running (${running.map((i) => i.id).join(', ')})`;
    if (ctx.isTTY && !opts.json && !opts.yes) {
      stop = await confirm(`${what}. Stop it and remove the profile?`);
      if (!stop) {
        ctx.err('Nothing removed.');
        return EXIT_FAILED;
      }
    } else {
      const error = {
        code: 'busy' as const,
        message: `${what}; removing it would leave its servers running out of reach.`,
        hint: `Stop it first, or remove it with: berth profile rm ${name} --stop`,
      };
      return reportError(ctx, { ok: false, error }, opts.json);
    }
  }
  if (stop && running.length > 0) {
    const stopped = await ctx.api['instances.stop']({ target: name });
    if (!stopped.ok) return reportError(ctx, stopped, opts.json, NAME);
    const left = stopped.value.instances.filter((i) => i.status !== 'stopped');
    if (left.length > 0) {
      const error = {
        code: 'failed' as const,
        message:
          `${name} did not stop (${left.map((i) => `${i.id}: ${i.warnings.at(-1) ?? i.status}`).join('; ')}); ` +
          'the profile is kept.',
      };
      return reportError(ctx, { ok: false, error }, opts.json);
    }
    if (!opts.json) ctx.out(`Stopped ${stopped.value.instances.map((i) => i.id).join(', ')}.`);
  }
  const r = await ctx.api['profiles.remove']({ name, stop });
  if (!r.ok) return reportError(ctx, r, opts.json, NAME);
  if (opts.json) return printJson(ctx, r.value);
  ctx.out(`Removed profile ${name}.`);
  return EXIT_OK;
}
