import type { ElectronStandIn } from './electron-stand-in.js';

/**
 * The test's side of a shell process that runs the real main.js against the stand-in: each request reads
 * the recordings or does what Electron would do (click a menu item, emit an event, deliver an IPC message
 * from the window). It forwards and records; it decides nothing about Berth.
 */
export type EmitTarget = 'app' | 'window' | 'webContents' | 'tray';
export type DriverRequest = Readonly<{ id: number }> &
  (
    | Readonly<{ op: 'recordings' }>
    | Readonly<{ op: 'click'; item: string }>
    /** An `ipcRenderer.invoke` from Berth's window's main frame: the handler's answer comes back. */
    | Readonly<{ op: 'invoke'; channel: string; args: readonly unknown[] }>
    /** `withEvent`: the first argument is an event whose preventDefault() is recorded and reported. */
    | Readonly<{ op: 'emit'; target: EmitTarget; event: string; withEvent: boolean; args?: readonly unknown[] }>
  );
export type DriverReply = Readonly<{ id: number; ok: true; value: unknown } | { id: number; ok: false; error: string }>;

/** What the stand-in holds, as plain data (menu click handlers are functions and stay behind). */
export type Recordings = Readonly<{
  calls: ElectronStandIn['calls'];
  ipcChannels: string[];
  protocolSchemes: string[];
  appEvents: string[];
  windows: { options: unknown; visible: boolean; destroyed: boolean; url: string; webContentsId: number }[];
  trays: { image: string; tooltip: string; destroyed: boolean; menu: unknown }[];
  notifications: unknown[];
}>;
export type Emitted = Readonly<{ listeners: number; defaultPrevented: boolean }>;

function recordings(s: ElectronStandIn): Recordings {
  return {
    calls: s.calls,
    ipcChannels: [...s.ipcHandlers.keys()],
    protocolSchemes: [...s.protocolHandlers.keys()],
    appEvents: s.electron.app.eventNames().map(String),
    windows: s.windows.map((w) => ({
      options: w.options,
      visible: w.visible,
      destroyed: w.destroyed,
      url: w.webContents.mainFrame.url,
      webContentsId: w.webContents.id,
    })),
    trays: s.trays.map((t) => ({ image: t.image, tooltip: t.tooltip, destroyed: t.destroyed, menu: t.menu?.template })),
    notifications: s.notifications.map((n) => n.options),
  };
}

function emitter(s: ElectronStandIn, target: EmitTarget): NodeJS.EventEmitter {
  const found =
    target === 'app'
      ? s.electron.app
      : target === 'tray'
        ? s.trays[0]
        : target === 'window'
          ? s.windows[0]
          : s.windows[0]?.webContents;
  if (found === undefined) throw new Error(`no ${target} was created`);
  return found;
}

async function run(s: ElectronStandIn, r: DriverRequest): Promise<unknown> {
  switch (r.op) {
    case 'recordings':
      return recordings(s);
    case 'click':
      s.click(r.item);
      return null;
    case 'invoke': {
      const handler = s.ipcHandlers.get(r.channel);
      const wc = s.windows[0]?.webContents;
      if (handler === undefined || wc === undefined) throw new Error(`no handler for ${r.channel} or no window`);
      return await handler({ sender: { id: wc.id, mainFrame: wc.mainFrame }, senderFrame: wc.mainFrame }, ...r.args);
    }
    case 'emit': {
      const target = emitter(s, r.target);
      let defaultPrevented = false;
      const event = { preventDefault: () => void (defaultPrevented = true) };
      const listeners = target.listenerCount(r.event);
      target.emit(r.event, ...(r.withEvent ? [event] : []), ...(r.args ?? []));
      return { listeners, defaultPrevented } satisfies Emitted;
    }
  }
}

export async function answer(s: ElectronStandIn, r: DriverRequest): Promise<DriverReply> {
  try {
    return { id: r.id, ok: true, value: await run(s, r) };
  } catch (err) {
    return { id: r.id, ok: false, error: err instanceof Error ? err.message : String(err) };
  }
}
