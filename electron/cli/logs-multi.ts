import type { CliContext } from './context.js';
import { createLogFollower } from './log-follow.js';
import { EXIT_OK } from './exit.js';
import { isActive, type InstanceView } from '../contract/views.js';

/**
 * The instances `berth logs <target>` shows: one by id; of a profile or a group, every running one,
 * or (none running) the last one of each profile. Null when the target names none of these.
 */
export async function pickLogInstances(
  ctx: CliContext,
  target: string,
): Promise<{ profiles: string[]; instances: InstanceView[] } | null> {
  const [list, profiles] = await Promise.all([ctx.api['instances.list']({}), ctx.api['profiles.list']({})]);
  if (!list.ok || !profiles.ok) return null;
  const all = list.value.instances;
  const byId = all.findLast((i) => i.id === target);
  if (byId) return { profiles: [byId.profile], instances: [byId] };
  const names = profiles.value.profiles
    .filter((p) => p.name === target || (p.group === target && !profiles.value.profiles.some((q) => q.name === target)))
    .map((p) => p.name);
  if (names.length === 0) return null;
  const running = all.filter((i) => names.includes(i.profile) && (isActive(i) || i.nextRestartAt !== null));
  const last = names.flatMap((n) => {
    const l = all.findLast((i) => i.profile === n);
    return l ? [l] : [];
  });
  return { profiles: names, instances: running.length > 0 ? running : last };
}

/** Prints the last `n` lines of each instance, each line prefixed with its instance id. */
export async function showPrefixed(
  ctx: CliContext,
  instances: readonly InstanceView[],
  n: number,
): Promise<Map<string, number>> {
  const cursors = new Map<string, number>();
  for (const i of instances) {
    const r = await ctx.api['instances.logs']({ id: i.id, since: 0, ...(n > 0 ? { limit: n } : {}) });
    if (!r.ok) continue;
    cursors.set(i.id, r.value.cursor);
    if (n > 0) for (const l of r.value.lines.slice(-n)) ctx.out(`[${i.id}] ${l}`);
  }
  return cursors;
}

/** `logs -f` over several instances: new lines prefixed; new instances of the profiles joined; ends when none runs. */
export async function followPrefixed(
  ctx: CliContext,
  profiles: readonly string[],
  cursors: Map<string, number>,
): Promise<number> {
  const follower = createLogFollower(ctx, (id, line) => ctx.out(`[${id}] ${line}`));
  for (const [id, cursor] of cursors) follower.from(id, cursor);
  await new Promise<void>((resolve) => {
    const offs = profiles.map((profile) => ctx.api.onLog((e) => follower.onEvent(e), { profile }));
    const offLog = (): void => offs.forEach((off) => off());
    const offState = ctx.api.onState((s) => {
      const mine = s.instances.filter((i) => profiles.includes(i.profile));
      for (const i of mine) {
        if (follower.has(i.id) || !isActive(i)) continue;
        ctx.err(`-- following ${i.id}`);
        void follower.join(i.id);
      }
      const live = mine.filter((i) => follower.has(i.id) && (isActive(i) || i.nextRestartAt !== null));
      if (live.length > 0) return;
      for (const i of mine.filter((x) => follower.has(x.id)))
        ctx.err(
          `-- ${i.id} ${i.status}${i.exitCode !== null ? ` (exit code ${i.exitCode})` : ''}` +
            `${i.message ? `: ${i.message}` : ''}`,
        );
      done();
    });
    const done = (): void => {
      offLog();
      offState();
      process.removeListener('SIGINT', done);
      resolve();
    };
    process.once('SIGINT', done);
  });
  return EXIT_OK;
}
