import type { CliContext } from './context.js';
import { createLogFollower } from './log-follow.js';
import { reportError } from './context.js';
import { parseCommandArgs, toNumberArg } from './args.js';
import { EXIT_OK, UsageError } from './exit.js';
import { isActive, type InstanceView } from '../contract/views.js';
import { followPrefixed, pickLogInstances, showPrefixed } from './logs-multi.js';

/**
 * `berth logs <profile|group|instance> [-n N] [-f]`. With -f the host pushes new lines (`log` event); when the
 * instance ends, its last lines are shown and a line says why; a restart of the profile is followed.
 */
export async function runLogs(ctx: CliContext, argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    argv,
    { n: { type: 'string', short: 'n' }, follow: { type: 'boolean', short: 'f' } },
    1,
  );
  const target = positionals[0];
  if (!target) throw new UsageError('missing the profile or instance id, e.g. berth logs web');
  const n = toNumberArg(values.n as string | undefined) ?? 50;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0)
    throw new UsageError(`-n takes a whole number of lines, got '${String(values.n)}'`);
  if (n > MAX_LINES) throw new UsageError(`-n takes at most ${MAX_LINES} lines, got ${n}`);
  // Several instances (a group, a profile started with --new): every line says whose it is.
  const picked = await pickLogInstances(ctx, target);
  if (picked && picked.instances.length > 1) {
    const cursors = await showPrefixed(ctx, picked.instances, n);
    const running = picked.instances.some((i) => isActive(i) || i.nextRestartAt !== null);
    return values.follow === true && running ? followPrefixed(ctx, picked.profiles, cursors) : EXIT_OK;
  }
  const first = await ctx.api['instances.logs']({
    id: picked?.instances[0]?.id ?? target,
    since: 0,
    ...(n > 0 ? { limit: n } : {}),
  });
  if (!first.ok) return reportError(ctx, first, false);
  if (n > 0) for (const l of first.value.lines.slice(-n)) ctx.out(l);
  if (values.follow !== true || !first.value.running) return EXIT_OK;
  return follow(ctx, first.value.id, first.value.cursor, picked?.instances[0]?.profile ?? null);
}

/** The most lines one read returns (the contract's `instances.logs` limit). */
const MAX_LINES = 10_000;

async function follow(
  ctx: CliContext,
  startId: string,
  startCursor: number,
  startProfile: string | null,
): Promise<number> {
  let id = startId;
  let profile: string | null = startProfile;
  const follower = createLogFollower(ctx, (_id, line) => ctx.out(line));
  follower.from(startId, startCursor);
  const why = await new Promise<string>((resolve) => {
    // Only this profile's lines come over the socket (the next instance after a restart is one of them).
    const offLog = ctx.api.onLog(
      (e) => {
        if (e.id === id) follower.onEvent(e);
      },
      profile !== null ? { profile } : { id },
    );
    let ending = false;
    const offState = ctx.api.onState((s) => {
      const inst = s.instances.findLast((i) => i.id === id);
      profile ??= inst?.profile ?? null;
      if (ending || (inst && (isActive(inst) || inst.nextRestartAt !== null))) return;
      const next = s.instances.find(
        (i) => i.profile === profile && i.id !== id && isActive(i) && i.startedAt >= (inst?.startedAt ?? 0),
      );
      if (next) {
        ctx.err(`-- ${id} ended; following ${next.id} (the profile was started again)`);
        id = next.id;
        void follower.join(next.id);
        return;
      }
      ending = true;
      void finish(inst).then((line) => done(line));
    });
    const onInt = (): void => done('');
    process.once('SIGINT', onInt);
    const done = (line: string): void => {
      offLog();
      offState();
      process.removeListener('SIGINT', onInt);
      resolve(line);
    };
  });
  if (why) ctx.err(why);
  return EXIT_OK;

  async function finish(inst: InstanceView | undefined): Promise<string> {
    if (!inst) return `-- ${id} is gone`;
    const code = inst.exitCode !== null ? ` (exit code ${inst.exitCode})` : inst.signal ? ` (${inst.signal})` : '';
    return `-- ${inst.id} ${inst.status}${code}${inst.message ? `: ${inst.message}` : ''}`;
  }
}
