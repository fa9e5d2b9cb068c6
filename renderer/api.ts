import { createApi, type BerthApi } from '../electron/contract/api.js';
import { createHttpTransport } from './http-transport.js';

export type ConnectionStatus = 'connecting' | 'connected' | 'disconnected' | 'unauthorized';

/** What the window talks to: the contract's API and how the link to the host is doing. */
export type Client = Readonly<{
  api: BerthApi;
  onConnection(listener: (status: ConnectionStatus) => void): () => void;
}>;

/**
 * THE one place that picks the transport (DESIGN.md "The window"): the Electron preload bridge when
 * it exists, else the host's HTTP + SSE. Components receive a Client and never look at `window.berth`.
 */
export function createClient(): Client {
  const bridged = (window as { berth?: BerthApi }).berth;
  if (bridged) {
    // The preload talks to the host in the same app: it is connected for as long as the window lives.
    return {
      api: bridged,
      onConnection: (listener) => {
        listener('connected');
        return () => {};
      },
    };
  }
  const transport = createHttpTransport();
  return { api: createApi(transport), onConnection: (listener) => transport.onConnection(listener) };
}
