import type { Transport } from '../electron/contract/api.js';
import type { CommandName } from '../electron/contract/commands.js';
import { eventNames, type EventName, type EventPayloads } from '../electron/contract/events.js';
import { fail, type Result } from '../electron/contract/result.js';

/**
 * What the page knows about its host: `connected` (the event stream is open), `disconnected` (the
 * host does not answer: retrying), `unauthorized` (a host answers but refuses this page's secret,
 * e.g. it restarted with a new one: only a fresh `berth open` URL helps).
 */
export type ConnectionStatus = 'connected' | 'disconnected' | 'unauthorized';

export type HttpTransport = Transport &
  Readonly<{
    /** Called with the current status (once known) and with every change; returns unsubscribe. */
    onConnection(listener: (status: ConnectionStatus) => void): () => void;
  }>;

const STORAGE_KEY = 'berth-secret';
const RETRY_MIN_MS = 1000;
const RETRY_MAX_MS = 15_000;

/**
 * The browser's transport to the host that served the page (DESIGN.md "Security of the faces"): the
 * secret comes once from the URL fragment (never sent to a server, never in a Referer), is removed
 * from the address bar and kept in sessionStorage so a reload works. Calls send it as a Bearer
 * header; the event stream (EventSource cannot send headers) uses the SameSite=Strict session cookie
 * that POST /api/session sets.
 */
export function createHttpTransport(options: Readonly<{ base?: string }> = {}): HttpTransport {
  const base = options.base ?? '';
  let secret = takeSecret();
  const listeners: { [E in EventName]: Set<(p: EventPayloads[E]) => void> } = {
    state: new Set(),
    log: new Set(),
    notice: new Set(),
  };
  const statusListeners = new Set<(s: ConnectionStatus) => void>();
  let status: ConnectionStatus | null = null;
  let source: EventSource | null = null;
  let session: Promise<boolean> | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let retryDelay = RETRY_MIN_MS;

  const setStatus = (next: ConnectionStatus): void => {
    if (status === next) return;
    status = next;
    for (const l of [...statusListeners]) l(next);
  };
  const headers = (): Record<string, string> => (secret ? { Authorization: `Bearer ${secret}` } : {});

  /** POST /api/session: sets the cookie. Resolves false (and sets the status) when it did not work. */
  const startSession = (): Promise<boolean> => {
    session ??= fetch(`${base}/api/session`, { method: 'POST', headers: headers(), credentials: 'same-origin' }).then(
      (res) => {
        if (res.status === 204) return true;
        setStatus(res.status === 401 ? 'unauthorized' : 'disconnected');
        session = null;
        return false;
      },
      () => {
        setStatus('disconnected');
        session = null;
        return false;
      },
    );
    return session;
  };

  const hasListeners = (): boolean => eventNames.some((e) => listeners[e].size > 0);

  const scheduleRetry = (): void => {
    if (retryTimer !== null || !hasListeners()) return;
    retryTimer = setTimeout(() => {
      retryTimer = null;
      void openStream();
    }, retryDelay);
    retryDelay = Math.min(retryDelay * 2, RETRY_MAX_MS);
  };

  const openStream = async (): Promise<void> => {
    if (source !== null || !hasListeners()) return;
    if (!(await startSession())) return scheduleRetry();
    if (source !== null || !hasListeners()) return;
    const es = new EventSource(`${base}/api/events`, { withCredentials: false });
    source = es;
    es.onopen = () => {
      retryDelay = RETRY_MIN_MS;
      setStatus('connected');
    };
    es.onerror = () => {
      setStatus('disconnected');
      // CONNECTING: the browser reconnects by itself. CLOSED: it gave up (the host answered 401 or
      // not with an event stream), so start over with a new session, which also tells 401 apart.
      if (es.readyState === EventSource.CLOSED) {
        es.close();
        if (source === es) source = null;
        session = null;
        scheduleRetry();
      }
    };
    for (const event of eventNames) {
      es.addEventListener(event, (e) => deliver(event, (e as MessageEvent<string>).data));
    }
  };

  const deliver = (event: EventName, data: string): void => {
    let payload: unknown;
    try {
      payload = JSON.parse(data);
    } catch {
      return; // a malformed event is dropped; the next snapshot carries the whole state anyway
    }
    for (const l of [...listeners[event]] as ((p: unknown) => void)[]) l(payload);
  };

  // Pasting a new `berth open` URL into this tab changes only the fragment: no reload happens, so
  // the new secret is taken here and the stream starts over with it.
  addEventListener('hashchange', () => {
    const next = takeSecret();
    if (next === null || next === secret) return;
    secret = next;
    session = null;
    source?.close();
    source = null;
    retryDelay = RETRY_MIN_MS;
    void openStream();
  });

  return {
    async call(name: CommandName, request: unknown): Promise<Result<unknown>> {
      let res: Response;
      try {
        res = await fetch(`${base}/api/${encodeURIComponent(name)}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', ...headers() },
          credentials: 'same-origin',
          body: JSON.stringify(request ?? {}),
        });
      } catch {
        setStatus('disconnected');
        scheduleRetry();
        return fail(
          'unavailable',
          'The Berth host does not answer; retrying.',
          'Start it again with `berth serve` or `berth open`.',
        );
      }
      if (res.status === 401) {
        setStatus('unauthorized');
        return fail(
          'permission',
          'The Berth host refused this page: it restarted with a new secret.',
          'Open the dashboard again with `berth open`.',
        );
      }
      try {
        const body = (await res.json()) as Result<unknown>;
        if (source === null && status !== 'unauthorized') setStatus('connected');
        return body;
      } catch {
        return fail('failed', `The Berth host answered ${res.status} without a result.`);
      }
    },
    subscribe(event, listener) {
      const set = listeners[event] as Set<typeof listener>;
      set.add(listener);
      void openStream();
      return () => {
        set.delete(listener);
        if (!hasListeners() && source !== null) {
          source.close();
          source = null;
        }
      };
    },
    onConnection(listener) {
      statusListeners.add(listener);
      if (status !== null) listener(status);
      return () => void statusListeners.delete(listener);
    },
  };
}

/** Reads `#secret=` once, removes it from the address bar (and history), keeps it for reloads. */
function takeSecret(): string | null {
  const fromHash = new URLSearchParams(location.hash.replace(/^#/, '')).get('secret');
  if (fromHash) {
    history.replaceState(history.state, '', location.pathname + location.search);
    try {
      sessionStorage.setItem(STORAGE_KEY, fromHash);
    } catch {
      // storage disabled: the secret lives only as long as this page
    }
    return fromHash;
  }
  try {
    return sessionStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}
