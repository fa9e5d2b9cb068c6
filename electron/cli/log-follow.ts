import type { EventPayloads } from '../contract/events.js';
import type { CliContext } from './context.js';

type LogEvent = EventPayloads['log'];

export type LogFollower = Readonly<{
  /** Whether the instance is followed (or being joined). */
  has(id: string): boolean;
  /** Follow from a cursor already read (the lines before it were printed). */
  from(id: string, cursor: number): void;
  /** A pushed `log` event: printed once, in order, whatever arrives while an instance is joined. */
  onEvent(e: LogEvent): void;
  /**
   * Follow an instance that started while following (a restart, a new instance of the profile): its
   * log is read from the start, because lines it wrote before the state event that named it came as
   * events nobody was waiting for. Its events are held during that read and then replayed past it.
   */
  join(id: string): Promise<void>;
}>;

export function createLogFollower(ctx: CliContext, print: (id: string, line: string) => void): LogFollower {
  const cursors = new Map<string, number>();
  const held = new Map<string, LogEvent[]>();
  const follower: LogFollower = {
    has: (id) => cursors.has(id) || held.has(id),
    from: (id, cursor) => void cursors.set(id, cursor),
    onEvent(e) {
      const waiting = held.get(e.id);
      if (waiting) return void waiting.push(e);
      const at = cursors.get(e.id);
      if (at === undefined || e.cursor <= at) return;
      for (const l of e.lines) print(e.id, l);
      cursors.set(e.id, e.cursor);
    },
    async join(id) {
      if (follower.has(id)) return;
      held.set(id, []);
      const r = await ctx.api['instances.logs']({ id, since: 0 });
      const replay = held.get(id) ?? [];
      held.delete(id);
      if (r.ok) for (const l of r.value.lines) print(id, l);
      cursors.set(id, r.ok ? r.value.cursor : 0);
      for (const e of replay) follower.onEvent(e);
    },
  };
  return follower;
}
