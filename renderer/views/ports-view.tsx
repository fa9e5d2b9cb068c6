import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import type { BerthApi } from '../../electron/contract/api.js';
import type { ListenerView, Snapshot } from '../../electron/contract/views.js';
import { holderText, plural } from '../format.js';
import { FreeDialog } from './free-dialog.js';
import { listenerKey, PortRow } from './port-row.js';

type Props = Readonly<{ api: BerthApi; snapshot: Snapshot; focusPort?: number | undefined }>;

/** Rows in the page at once: enough to scroll through, few enough that 2000 listeners stay quick. */
export const PAGE = 150;

function matches(l: ListenerView, q: string): boolean {
  if (q === '') return true;
  if (/^\d+$/.test(q)) return String(l.port).startsWith(q);
  const who = `${l.process ?? ''} ${l.pid ?? ''} ${l.user ?? ''} ${l.command ?? ''}`;
  const hay = `${l.port} ${l.address} ${who} ${holderText(l)}`.toLowerCase();
  return hay.includes(q.toLowerCase());
}

/** Every listener, filtered by port or text; "Free" goes through a confirmation with the engine's plan. */
export function PortsView({ api, snapshot, focusPort }: Props) {
  const [query, setQuery] = useState(focusPort !== undefined ? String(focusPort) : '');
  // Opened on a port (tray, notification): filter to it; the user can clear the filter as usual.
  useEffect(() => {
    if (focusPort !== undefined) setQuery(String(focusPort));
  }, [focusPort]);
  const [shown, setShown] = useState(PAGE);
  const [freeing, setFreeing] = useState<ListenerView | null>(null);
  const onFree = useCallback((l: ListenerView) => setFreeing(l), []);
  const q = query.trim();
  const list = useMemo(
    () =>
      snapshot.listeners
        .filter((l) => matches(l, q))
        .sort((a, b) => a.port - b.port || a.address.localeCompare(b.address)),
    [snapshot.listeners, q],
  );
  const total = snapshot.listeners.length;
  return (
    <div class="ports">
      <div class="toolbar">
        <label class="filter">
          <span>Filter</span>
          <input
            type="search"
            value={query}
            placeholder="Port, process, user or command"
            onInput={(e) => {
              setQuery(e.currentTarget.value);
              setShown(PAGE);
            }}
          />
        </label>
        <p class="count" role="status">
          {q === '' ? plural(total, 'listener') : `${list.length} of ${plural(total, 'listener')}`}
          {snapshot.scan.degraded ? ` (scan incomplete: ${snapshot.scan.degraded})` : ''}
        </p>
      </div>
      {total === 0 ? (
        <div class="empty">
          <p>No process listens on a TCP port right now.</p>
          <p>Start a dev server and it appears here within a poll, with who holds it and a button to free it.</p>
        </div>
      ) : list.length === 0 ? (
        <p class="empty">
          No listener matches "{q}". Filter by a port number (e.g. 5173) or by a word of the process, user or command.
        </p>
      ) : (
        <ul class="rows listeners" aria-label="Listening ports">
          {list.slice(0, shown).map((l) => (
            <PortRow key={listenerKey(l)} listener={l} onFree={onFree} />
          ))}
        </ul>
      )}
      {list.length > shown ? (
        <button type="button" class="more" onClick={() => setShown(shown + PAGE)}>
          Show {Math.min(PAGE, list.length - shown)} more ({list.length - shown} not shown)
        </button>
      ) : null}
      {freeing ? (
        <FreeDialog api={api} listener={freeing} snapshot={snapshot} onClose={() => setFreeing(null)} />
      ) : null}
    </div>
  );
}
