import type { CommandName } from '../contract/commands.js';
import type { Result } from '../contract/result.js';
import type { Snapshot } from '../contract/views.js';
import {
  decideNotifications,
  INITIAL_NOTIFY_STATE,
  type BerthNotification,
  type CommandStep,
  type NotifyState,
} from '../core/notify/decide.js';
import { deriveCommandEvents, deriveEngineEvents, type EngineEvent } from '../core/notify/events.js';
import { isAllowedExternalUrl } from './logic/open-external.js';
import { isCommandAction, type ShellAction, type TrayAction } from './logic/tray-menu.js';

export type ShellEffects = Readonly<{
  call(name: CommandName, request: unknown): Promise<Result<unknown>>;
  shell(action: ShellAction): void | Promise<void>;
  notify(n: BerthNotification): boolean;
  /** A tray or notification action failed: say so (notification, else the window shows the error). */
  failed(title: string, message: string): void;
  openExternal(url: string): void;
  now(): number;
  log(line: string): void;
}>;

export type ShellActions = Readonly<{
  /** Every contract call a face of this shell makes: results feed the notification decisions. */
  call(name: CommandName, request: unknown): Promise<Result<unknown>>;
  run(action: TrayAction): Promise<void>;
  runSteps(steps: readonly CommandStep[]): Promise<void>;
  /** A new snapshot: derive events, decide, notify. */
  observe(snapshot: Snapshot): void;
  latest(): Snapshot | null;
  /** Another host took over: its revisions start again, and what it shows first is no news. */
  reset(): void;
}>;

/**
 * Where the tray, the notifications and the window's IPC calls meet: one place runs actions, derives the
 * events (core/notify/events.ts), and asks core/notify/decide.ts what to show, keeping its state.
 */
export function createShellActions(fx: ShellEffects): ShellActions {
  let last: Snapshot | null = null;
  let state: NotifyState = INITIAL_NOTIFY_STATE;
  const decide = (events: readonly EngineEvent[]): void => {
    if (events.length === 0) return;
    const d = decideNotifications(events, fx.now(), state, last?.settings.notifications ?? true);
    state = d.nextState;
    for (const n of d.notifications) {
      fx.log(`notify: ${n.text}`);
      fx.notify(n);
    }
  };
  const call = async (name: CommandName, request: unknown): Promise<Result<unknown>> => {
    const result = await fx.call(name, request);
    decide(deriveCommandEvents(name, request, result, last));
    return result;
  };
  const runSteps = async (steps: readonly CommandStep[]): Promise<void> => {
    for (const step of steps) {
      const r = await call(step.command, step.request);
      if (!r.ok) return fx.failed('Berth could not do that', r.error.message);
    }
  };
  return {
    call,
    runSteps,
    async run(action) {
      if (isCommandAction(action)) return runSteps([action]);
      if (action.shell === 'open-url') {
        const known = (last?.instances ?? []).flatMap((i) => (i.url !== null ? [i.url] : []));
        if (isAllowedExternalUrl(action.url, known)) fx.openExternal(action.url);
        else fx.log(`Refused to open ${action.url}: not the page of a known server.`);
        return;
      }
      await fx.shell(action);
    },
    observe(snapshot) {
      if (last !== null && snapshot.rev <= last.rev) return;
      const events = deriveEngineEvents(last, snapshot);
      last = snapshot;
      decide(events);
    },
    latest: () => last,
    reset: () => void (last = null),
  };
}
