import { memo } from 'preact/compat';
import type { ListenerView } from '../../electron/contract/views.js';
import { freeRefusal, holderText, processText } from '../format.js';

type Props = Readonly<{ listener: ListenerView; onFree: (l: ListenerView) => void }>;

function Row({ listener: l, onFree }: Props) {
  const refusal = freeRefusal(l);
  return (
    <li class={`listener holder-${l.holder}`} data-port={l.port}>
      <span class="port">{l.port}</span>
      <span class="address">{l.address}</span>
      <span class="process">{processText(l)}</span>
      <span class="holder">{holderText(l)}</span>
      <span class="user">{l.user ?? 'user unknown'}</span>
      <span class="command" title={l.command ?? undefined}>
        {l.command ?? ''}
      </span>
      {refusal ? (
        <button
          type="button"
          class="free"
          disabled
          title={refusal}
          aria-label={`Cannot free port ${l.port}: ${refusal}`}
        >
          Can't free
        </button>
      ) : (
        <button
          type="button"
          class="free"
          onClick={() => onFree(l)}
          aria-label={`Free port ${l.port} (${processText(l)})`}
        >
          Free
        </button>
      )}
    </li>
  );
}

const KEYS: readonly (keyof ListenerView)[] = [
  'port',
  'address',
  'pid',
  'process',
  'command',
  'user',
  'holder',
  'profile',
  'instance',
  'system',
  'reason',
];

/**
 * Every snapshot arrives as new objects (JSON over the wire), so rows compare by value: applying a
 * snapshot that changes 10 of 2000 listeners re-renders 10 rows.
 */
export const PortRow = memo(Row, (a, b) => a.onFree === b.onFree && KEYS.every((k) => a.listener[k] === b.listener[k]));

export function listenerKey(l: ListenerView): string {
  return `${l.port}|${l.address}|${l.pid ?? 'x'}`;
}
