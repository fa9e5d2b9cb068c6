import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { commandNames } from '../contract/client.js';
import { isEventName, type EventName, type EventPayloads } from '../contract/events.js';

/**
 * The window's only door (DESIGN.md "Security of the faces"): `window.berth` has one function per
 * contract command and onState/onLog/onNotice(cb) -> unsubscribe, nothing else. No Electron object and
 * no ipcRenderer reach the page (Electron docs, contextBridge: only values and functions cross).
 * Channel names match electron/shell/ipc.ts; bundled to dist/preload/preload.cjs by
 * scripts/build-renderer.mjs --preload (a sandboxed preload cannot load ES modules).
 */
const CALL_CHANNEL = 'berth:call';
const EVENT_CHANNEL = 'berth:event';

type Listener = (payload: unknown) => void;
const listeners: { [E in EventName]: Set<Listener> } = { state: new Set(), log: new Set(), notice: new Set() };

ipcRenderer.on(EVENT_CHANNEL, (_event: IpcRendererEvent, name: unknown, payload: unknown) => {
  if (!isEventName(name)) return;
  for (const l of [...listeners[name]]) l(payload);
});

function on<E extends EventName>(event: E) {
  return (listener: (payload: EventPayloads[E]) => void): (() => void) => {
    // Only a function is kept; the page gets back a function that removes exactly this one.
    if (typeof listener !== 'function') throw new TypeError(`on${event}: a function is required`);
    const l = listener as Listener;
    listeners[event].add(l);
    return () => void listeners[event].delete(l);
  };
}

const api: Record<string, unknown> = {};
for (const name of commandNames)
  api[name] = (request: unknown) => ipcRenderer.invoke(CALL_CHANNEL, name, request ?? {});
api.onState = on('state');
api.onLog = on('log');
api.onNotice = on('notice');

contextBridge.exposeInMainWorld('berth', api);
