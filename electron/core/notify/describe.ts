import type { CommandName } from '../../contract/commands.js';
import type { HolderRef } from '../../contract/views.js';
import type { EngineEvent } from './events.js';

/** One contract call; an action runs its steps in order and stops at the first failure. */
export type CommandStep = Readonly<{ command: CommandName; request: Readonly<Record<string, unknown>> }>;
export type NotificationAction = Readonly<{ id: string; label: string; steps: readonly CommandStep[] }>;

export type BerthNotification = Readonly<{
  /** What the rate limit counts by: `port:3000` or `profile:web`. */
  key: string;
  title: string;
  body: string;
  /** One line for logs (`berth serve`) and tests. */
  text: string;
  /** Buttons where the OS shows them; "Show" (open the window on the row) is always there. */
  actions: readonly NotificationAction[];
  /** The row the window should show when the notification is clicked. */
  focus: Readonly<{ port?: number; profile?: string }>;
  /** How many events this one notification stands for (more than 1 when a burst was coalesced). */
  covers: number;
}>;

/** Open the window on the row: every notification has it (the click itself where the OS shows no buttons). */
export const SHOW: NotificationAction = { id: 'show', label: 'Show', steps: [] };

export function describeHolder(h: HolderRef): string {
  // Another profile's running instance is named as the CLI names it ("api (api-1)").
  if (h.instance !== undefined) return `${h.profile ?? 'Berth'} (${h.instance})`;
  return h.pid === null ? 'a process Berth cannot see' : `${h.process ?? 'a process'} (PID ${h.pid})`;
}

function describeHolders(list: readonly HolderRef[]): string {
  if (list.length === 0) return 'another process';
  const first = describeHolder(list[0]!);
  return list.length === 1 ? first : `${first} and ${list.length - 1} more`;
}

const free = (port: number, extra: Record<string, unknown> = {}): CommandStep => ({
  command: 'ports.free',
  request: { port, ...extra },
});

/** Title, body and actions for one event; the wording follows DESIGN.md ("Port 5173 is in use by vite (PID 812)."). */
export function describeEvent(e: EngineEvent): BerthNotification {
  const make = (
    key: string,
    title: string,
    body: string,
    actions: NotificationAction[],
    focus: BerthNotification['focus'],
  ): BerthNotification => ({
    key,
    title,
    body,
    text: `${title}: ${body}`,
    actions: [...actions, SHOW],
    focus,
    covers: 1,
  });
  switch (e.kind) {
    case 'launch-fell-back':
      return make(
        `port:${e.preferred}`,
        `${e.profile} started on ${e.assigned}`,
        `${e.preferred} is held by ${describeHolders(e.heldBy)}.`,
        [
          {
            id: 'free-and-restart',
            label: `Free ${e.preferred} and restart`,
            steps: [free(e.preferred), { command: 'instances.restart', request: { target: e.instance } }],
          },
        ],
        { port: e.preferred, profile: e.profile },
      );
    case 'launch-conflict':
      return make(
        e.port !== null ? `port:${e.port}` : `profile:${e.profile}`,
        `${e.profile} did not start`,
        e.message,
        e.port === null
          ? []
          : [
              {
                id: 'free-and-start',
                label: `Free ${e.port} and start`,
                steps: [free(e.port), { command: 'instances.start', request: { target: e.profile } }],
              },
            ],
        e.port === null ? { profile: e.profile } : { port: e.port, profile: e.profile },
      );
    case 'port-taken':
      return make(
        `port:${e.port}`,
        `Port ${e.port} was taken`,
        `Watched port ${e.port} is in use by ${describeHolder(e.holder)}.`,
        [{ id: 'free', label: `Free ${e.port}`, steps: [free(e.port)] }],
        { port: e.port },
      );
    case 'port-respawned':
      return make(
        `port:${e.port}`,
        `Port ${e.port} was taken again`,
        `${describeHolder(e.holder)} took it right after it was freed; it was started by ${describeHolder(e.parent)}.`,
        [{ id: 'free-with-parent', label: `Free ${e.port} and its parent`, steps: [free(e.port, { parent: true })] }],
        { port: e.port },
      );
    case 'instance-crashed':
    case 'instance-gave-up': {
      const key = e.port !== null ? `port:${e.port}` : `profile:${e.profile}`;
      const title =
        e.kind === 'instance-gave-up' ? `${e.profile} crashed; Berth gave up restarting it` : `${e.profile} crashed`;
      const restarting = e.kind === 'instance-crashed' && e.restarting;
      const actions = restarting
        ? []
        : [
            {
              id: 'start',
              label: 'Start again',
              steps: [{ command: 'instances.start' as const, request: { target: e.profile } }],
            },
          ];
      return make(
        key,
        title,
        e.message,
        actions,
        e.port !== null ? { port: e.port, profile: e.profile } : { profile: e.profile },
      );
    }
  }
}
