import { resolve } from 'node:path';
import type { CliContext } from './context.js';
import { printJson, reportError } from './context.js';
import { parseCommandArgs } from './args.js';
import { EXIT_BAD_INPUT, EXIT_FAILED, EXIT_OK } from './exit.js';
import { confirm } from './confirm.js';
import { describePorts } from './profile-format.js';

/** `berth import [DIR] [--yes]`: shows what it will create, then creates it; never overwrites a profile. */
export async function runImport(ctx: CliContext, argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, { yes: { type: 'boolean', short: 'y' } }, 1);
  const json = values.json === true;
  const dir = resolve(positionals[0] ?? '.');
  const preview = await ctx.api['profiles.import']({ dir, apply: false });
  if (!preview.ok) return reportError(ctx, preview, json);
  const p = preview.value;
  if (!json) {
    for (const n of p.notes) ctx.out(n);
    for (const c of p.create)
      ctx.out(
        `+ ${c.profile.name.padEnd(20)} ${c.profile.command}` +
          `${c.profile.args.length ? ` ${c.profile.args.join(' ')}` : ''}  [${describePorts(c.profile)}]\n` +
          `    from ${c.from}; ${c.note}`,
      );
    for (const s of p.skipped) ctx.out(`= ${s.name.padEnd(20)} skipped: ${s.reason}`);
    for (const l of p.leftAlone ?? []) ctx.out(`· ${`${l.name}=${l.value}`.padEnd(20)} left alone: ${l.reason}`);
    if (p.hint) ctx.out(p.hint);
  }
  if (p.create.length === 0) {
    if (json) printJson(ctx, p);
    return p.skipped.length > 0 ? EXIT_OK : EXIT_FAILED;
  }
  if (values.yes !== true) {
    if (!ctx.isTTY) {
      if (json) printJson(ctx, p);
      ctx.err('berth: not on a terminal: pass --yes to create these profiles.');
      return EXIT_BAD_INPUT;
    }
    if (!(await confirm(`Create ${p.create.length} profile(s)?`))) return EXIT_FAILED;
  }
  const done = await ctx.api['profiles.import']({ dir, apply: true });
  if (!done.ok) return reportError(ctx, done, json);
  if (json) printJson(ctx, done.value);
  else ctx.out(`Created ${done.value.create.length} profile(s).`);
  return EXIT_OK;
}
