import type { CliContext } from './context.js';
import { printJson, reportError } from './context.js';
import { parseCommandArgs } from './args.js';
import { EXIT_OK, UsageError } from './exit.js';
import type { Notice } from '../contract/views.js';

/** `berth notices [--json]` and `berth notices dismiss <id|--all>`. */
export async function runNotices(ctx: CliContext, argv: readonly string[]): Promise<number> {
  const [sub, ...rest] = argv[0] === 'dismiss' ? argv : ['list', ...argv];
  const { values, positionals } = parseCommandArgs(rest, sub === 'dismiss' ? { all: { type: 'boolean' } } : {}, 1);
  const json = values.json === true;
  if (sub === 'dismiss') {
    const id = positionals[0];
    if (!id && values.all !== true) throw new UsageError('dismiss needs a notice id (see berth notices), or --all');
    const r = await ctx.raw['notices.dismiss'](values.all === true ? { all: true } : { id });
    if (!r.ok) return reportError(ctx, r, json);
    if (json) return printJson(ctx, r.value);
    ctx.out(
      r.value.dismissed.length === 0 ? 'No notices to dismiss.' : `Dismissed ${r.value.dismissed.length} notice(s).`,
    );
    return EXIT_OK;
  }
  if (positionals.length > 0) throw new UsageError(`notices takes 'dismiss', not '${positionals[0]}'`);
  const r = await ctx.api['notices.list']({});
  if (!r.ok) return reportError(ctx, r, json);
  if (json) return printJson(ctx, r.value.notices);
  if (r.value.notices.length === 0) ctx.out('No notices.');
  for (const n of r.value.notices) ctx.out(formatNotice(n));
  return EXIT_OK;
}

export function formatNotice(n: Notice): string {
  const when = new Date(n.at).toLocaleString();
  return `${n.id}  ${n.level.toUpperCase().padEnd(7)} ${when}\n  ${n.text}${n.hint ? `\n  ${n.hint}` : ''}`;
}
