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
  // On a terminal Berth asks; elsewhere the engine refuses a running profile without --stop, with the hint.
  if (running.length > 0 && !stop && ctx.isTTY && !opts.json && !opts.yes) {
    stop = await confirm(
      `${name} is running (${running.map((i) => i.id).join(', ')}). Stop it and remove the profile?`,
    );
    if (!stop) {
      ctx.err('Nothing removed.');
      return EXIT_FAILED;
    }
  }
  // The engine stops the instances (each within its stop timeout) and keeps the profile if one does not stop.
  const r = await ctx.api['profiles.remove']({ name, stop });
  if (!r.ok) return reportError(ctx, r, opts.json, NAME);
  if (opts.json) return printJson(ctx, r.value);
  const stopped = r.value.stopped ?? [];
  if (stopped.length > 0) ctx.out(`Stopped ${stopped.map((i) => i.id).join(', ')}.`);
  ctx.out(`Removed profile ${name}.`);
  return EXIT_OK;
}
