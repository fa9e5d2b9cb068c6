import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { BerthApi } from '../../electron/contract/api.js';
import type { InstanceView, Snapshot } from '../../electron/contract/views.js';
import { statusWords } from '../format.js';

/** Lines kept and rendered: a 50 MB log never reaches the page, only its tail. */
export const TAIL = 2000;

type Props = Readonly<{ api: BerthApi; snapshot: Snapshot; selected: string | null; onSelect: (id: string) => void }>;

function label(i: InstanceView): string {
  return `${i.profile} (${statusWords[i.status].toLowerCase()}${i.pid !== null ? `, PID ${i.pid}` : ''}) ${i.id}`;
}

/** Reads the tail with the log cursor, then appends the `log` events of that instance. */
function useLogTail(api: BerthApi, id: string | null): { lines: string[]; error: string } {
  const [state, setState] = useState<{ lines: string[]; error: string }>({ lines: [], error: '' });
  useEffect(() => {
    setState({ lines: [], error: '' });
    if (id === null) return;
    let cursor = -1;
    let early: { lines: readonly string[]; cursor: number }[] = [];
    // The first read comes from the log file, which can be a line or two ahead of the cursor it
    // returns (electron/core/handlers/instances.ts): the first event after it may repeat its tail.
    let overlap: readonly string[] = [];
    const append = (lines: readonly string[]) =>
      setState((s) => ({ error: s.error, lines: [...s.lines, ...lines].slice(-TAIL) }));
    const accept = (e: { lines: readonly string[]; cursor: number }) => {
      if (e.cursor <= cursor) return;
      cursor = e.cursor;
      const skip = overlap.length > 0 ? repeated(overlap, e.lines) : 0;
      overlap = [];
      append(e.lines.slice(skip));
    };
    const off = api.onLog((e) => {
      if (e.id !== id) return;
      if (cursor < 0)
        early.push(e); // before the first read answered: kept, then filtered by its cursor
      else accept(e);
    });
    void api['instances.logs']({ id, limit: TAIL }).then((r) => {
      if (!r.ok) return setState({ lines: [], error: r.error.message });
      cursor = r.value.cursor;
      setState({ lines: r.value.lines.slice(-TAIL), error: '' });
      overlap = r.value.lines.slice(-50);
      for (const e of early) accept(e);
      early = [];
    });
    return off;
  }, [api, id]);
  return state;
}

/** How many leading lines of `next` repeat the end of `before` (the longest such run). */
export function repeated(before: readonly string[], next: readonly string[]): number {
  for (let k = Math.min(before.length, next.length); k > 0; k--) {
    let same = true;
    for (let j = 0; j < k && same; j++) same = before[before.length - k + j] === next[j];
    if (same) return k;
  }
  return 0;
}

export function LogsView({ api, snapshot, selected, onSelect }: Props) {
  const instances = [...snapshot.instances].sort((a, b) => b.startedAt - a.startedAt);
  const id = selected ?? instances[0]?.id ?? null;
  const { lines, error } = useLogTail(api, id);
  const [follow, setFollow] = useState(true);
  const [search, setSearch] = useState('');
  const [copied, setCopied] = useState('');
  const box = useRef<HTMLPreElement>(null);
  const shown = useMemo(
    () => (search === '' ? lines : lines.filter((l) => l.toLowerCase().includes(search.toLowerCase()))),
    [lines, search],
  );
  useLayoutEffect(() => {
    if (follow && box.current) box.current.scrollTop = box.current.scrollHeight;
  }, [shown, follow]);
  if (instances.length === 0) {
    return (
      <div class="empty">
        <p>No logs yet.</p>
        <p>
          Every server Berth starts writes its output to a log file; start a profile and its output appears here as it
          is written.
        </p>
      </div>
    );
  }
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(shown.join('\n'));
      setCopied(`Copied ${shown.length} lines.`);
    } catch (err) {
      setCopied(`Could not copy: ${err instanceof Error ? err.message : String(err)}`);
    }
  };
  return (
    <div class="logs">
      <div class="toolbar">
        <label>
          <span>Instance</span>
          <select
            value={id ?? ''}
            onChange={(e) => {
              onSelect(e.currentTarget.value);
              setCopied('');
            }}
          >
            {instances.map((i) => (
              <option value={i.id} key={i.id}>
                {label(i)}
              </option>
            ))}
          </select>
        </label>
        <label class="filter">
          <span>Search</span>
          <input
            type="search"
            value={search}
            onInput={(e) => {
              setSearch(e.currentTarget.value);
              setCopied(''); // "Copied N lines." spoke of the old search: show the new count
            }}
            placeholder="Text in the output"
          />
        </label>
        <label class="check">
          <input type="checkbox" checked={follow} onChange={(e) => setFollow(e.currentTarget.checked)} />
          Follow
        </label>
        <button type="button" onClick={() => void copy()}>
          Copy
        </button>
      </div>
      <p class="count" role="status">
        {error ||
          copied ||
          `${search ? `${shown.length} of ` : ''}${lines.length} lines` +
            `${lines.length >= TAIL ? ` (the last ${TAIL}; the whole log is in the file)` : ''}`}
      </p>
      <pre ref={box} class="log-lines" tabIndex={0} aria-label="Log output" aria-live="off">
        {shown.length > 0 ? shown.join('\n') : search ? `No line contains "${search}".` : 'No output yet.'}
      </pre>
    </div>
  );
}
