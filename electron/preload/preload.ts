import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { commandNames, type BerthApi } from '../contract/client.js';
import type { CommandName, CommandRequest, CommandResults } from '../contract/commands.js';
import type { Result } from '../contract/result.js';
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

type Command<N extends CommandName> = (request: CommandRequest<N>) => Promise<Result<CommandResults[N]>>;
type Commands = { [N in CommandName]: Command<N> };
/** One command: the request goes to the main process as is; the engine's dispatcher validates it there. */
const command =
  <N extends CommandName>(name: N): Command<N> =>
  (request) =>
    ipcRenderer.invoke(CALL_CHANNEL, name, request ?? {});
const commands = Object.fromEntries(commandNames.map((name) => [name, command(name)])) as Commands;

const api: BerthApi = { ...commands, onState: on('state'), onLog: on('log'), onNotice: on('notice') };

contextBridge.exposeInMainWorld('berth', api);
