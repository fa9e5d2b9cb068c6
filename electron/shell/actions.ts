import type { CommandName } from '../contract/commands.js';
import type { Result } from '../contract/result.js';
import type { Snapshot } from '../contract/views.js';
import type { CommandStep } from '../core/notify/decide.js';
import { isAllowedExternalUrl } from './logic/open-external.js';
import { isCommandAction, type ShellAction, type TrayAction } from './logic/tray-menu.js';

export type ShellEffects = Readonly<{
  call(name: CommandName, request: unknown): Promise<Result<unknown>>;
  shell(action: ShellAction): void | Promise<void>;
  /** A tray or notification action failed: say so (notification, else the window shows the error). */
  failed(title: string, message: string): void;
  openExternal(url: string): void;
  /** The latest snapshot the shell has seen (the notifier keeps it). */
  latest(): Snapshot | null;
  log(line: string): void;
}>;

export type ShellActions = Readonly<{
  /**
   * Every contract call a face of this shell makes (tray, notification buttons, the window's IPC). Their
   * results reach the notifications through the host link's onCommand, like every other face's commands.
   */
  call(name: CommandName, request: unknown): Promise<Result<unknown>>;
  run(action: TrayAction): Promise<void>;
  runSteps(steps: readonly CommandStep[]): Promise<void>;
  latest(): Snapshot | null;
}>;

/** Where the tray, the notification buttons and the window's IPC calls meet: one place runs actions. */
export function createShellActions(fx: ShellEffects): ShellActions {
  const runSteps = async (steps: readonly CommandStep[]): Promise<void> => {
    for (const step of steps) {
      const r = await fx.call(step.command, step.request);
      if (!r.ok) return fx.failed('Berth could not do that', r.error.message);
    }
  };
  return {
    call: (name, request) => fx.call(name, request),
    runSteps,
    async run(action) {
      if (isCommandAction(action)) return runSteps([action]);
      if (action.shell === 'open-url') {
        const known = (fx.latest()?.instances ?? []).flatMap((i) => (i.url !== null ? [i.url] : []));
        if (isAllowedExternalUrl(action.url, known)) fx.openExternal(action.url);
        else fx.log(`Refused to open ${action.url}: not the page of a known server.`);
        return;
      }
      await fx.shell(action);
    },
    latest: () => fx.latest(),
  };
}
