import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import type { Transport } from '../contract/api.js';
import { eventNames } from '../contract/events.js';
import { fail, type Result } from '../contract/result.js';
import { isTrustedSender } from './logic/ipc-trust.js';

/** The two channels between the window and the main process (preload/ uses the same names). */
export const CALL_CHANNEL = 'berth:call';
export const EVENT_CHANNEL = 'berth:event';

export type IpcDeps = Readonly<{
  /** The contract call: the engine's dispatcher validates name and request (or the host's, when attached). */
  call: Transport['call'];
  /** The webContents id of Berth's window, undefined before it exists. */
  trustedWebContentsId: () => number | undefined;
  log?: (line: string) => void;
}>;

/**
 * One handler for every contract command (DESIGN.md: only this file touches ipcMain). The sender must be
 * Berth's own window's main frame showing berth://app/ (Electron security checklist, "Validate the
 * sender of all IPC messages"); anything else is refused before the engine sees the payload. A Result
 * always comes back: nothing is thrown across, so the renderer never sees an Electron error text.
 * https://www.electronjs.org/docs/latest/api/ipc-main#ipcmainhandlechannel-listener
 */
export function registerIpc(ipcMain: IpcMain, deps: IpcDeps): () => void {
  ipcMain.handle(CALL_CHANNEL, async (event: IpcMainInvokeEvent, ...args: unknown[]): Promise<Result<unknown>> => {
    const frame = event.senderFrame;
    const trusted = isTrustedSender({
      senderFrameUrl: frame?.url,
      isMainFrame: frame !== null && frame === event.sender.mainFrame,
      senderId: event.sender.id,
      trustedWebContentsId: deps.trustedWebContentsId(),
    });
    if (!trusted) {
      deps.log?.(`Refused an IPC call from ${frame?.url ?? 'a destroyed frame'} (webContents ${event.sender.id}).`);
      return fail('refused', 'This page may not call Berth.');
    }
    if (args.length > 2) return fail('bad-input', 'Call with a command name and one request object.');
    const [name, request] = args;
    try {
      return await deps.call(name as never, request);
    } catch (err) {
      return fail('failed', err instanceof Error ? err.message : String(err));
    }
  });
  return () => ipcMain.removeHandler(CALL_CHANNEL);
}

/** Pushes every contract event to the window over one channel; the preload hands them to onState & co. */
export function forwardEvents(subscribe: Transport['subscribe'], target: () => WebContents | null): () => void {
  const offs = eventNames.map((name) =>
    subscribe(name, (payload) => {
      const wc = target();
      if (wc && !wc.isDestroyed()) wc.send(EVENT_CHANNEL, name, payload);
    }),
  );
  return () => offs.forEach((off) => off());
}
