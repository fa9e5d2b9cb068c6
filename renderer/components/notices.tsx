import type { BerthApi } from '../../electron/contract/api.js';
import type { Notice } from '../../electron/contract/views.js';
import { useAction } from './use-action.js';
import { ActionStatus } from './action-status.js';

/** What the engine wants the user to know, kept until dismissed (they persist in the data dir). */
export function Notices({ api, notices }: Readonly<{ api: BerthApi; notices: readonly Notice[] }>) {
  const [action, run] = useAction();
  if (notices.length === 0) return null;
  return (
    <section class="notices" aria-label="Notices">
      {notices.map((n) => (
        <div class={`notice ${n.level}`} key={n.id} data-kind={n.kind}>
          <div class="notice-text">
            <p>{n.text}</p>
            {n.hint ? <p class="hint">{n.hint}</p> : null}
          </div>
          <button
            type="button"
            class="link"
            aria-label={`Dismiss notice: ${n.text}`}
            onClick={() =>
              run(
                'Dismissing…',
                () => api['notices.dismiss']({ id: n.id }),
                () => '',
              )
            }
          >
            Dismiss
          </button>
        </div>
      ))}
      {notices.length > 1 ? (
        <button
          type="button"
          class="link"
          onClick={() =>
            run(
              'Dismissing…',
              () => api['notices.dismiss']({ all: true }),
              () => '',
            )
          }
        >
          Dismiss all {notices.length}
        </button>
      ) : null}
      {action.phase === 'error' ? <ActionStatus state={action} /> : null}
    </section>
  );
}
