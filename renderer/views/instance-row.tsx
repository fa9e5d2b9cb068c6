import type { BerthApi } from '../../electron/contract/api.js';
import type { InstanceView } from '../../electron/contract/views.js';
import { isActive } from '../../electron/contract/views.js';
import { ActionStatus } from '../components/action-status.js';
import { useAction } from '../components/use-action.js';
import { describeAllocation, endedText, formatDuration, plural, portUrl, statusWords } from '../format.js';

type RowProps = Readonly<{
  api: BerthApi;
  instance: InstanceView;
  stopTimeout: number;
  readyTimeout: number;
  now: number;
  onLogs: (id: string) => void;
}>;

function portsOf(i: InstanceView): string {
  return Object.values(i.ports).join(', ') || 'none';
}

/** One instance: status in words and colour, ports as links, why a port fell back, and its actions. */
export function InstanceRow({ api, instance: i, stopTimeout, readyTimeout, now, onLogs }: RowProps) {
  const [action, run] = useAction();
  const active = isActive(i);
  const pending = action.phase === 'pending';
  const fallbacks = i.allocation.map(describeAllocation).filter((t): t is string => t !== null);
  const ended = endedText(i);
  const statusId = `inst-status-${i.id}`;
  const stop = () =>
    run(
      `Stopping ${i.profile}… up to ${stopTimeout} s`,
      () => api['instances.stop']({ target: i.id }),
      (v) =>
        v.instances.length === 0
          ? `${i.profile} was not running.`
          : `Stopped ${i.profile}${v.instances[0]?.message ? `: ${v.instances[0].message}` : '.'}`,
    );
  const restart = () =>
    run(
      `Restarting ${i.profile}… stopping takes up to ${stopTimeout} s, starting up to ${readyTimeout} s`,
      () => api['instances.restart']({ target: i.id }),
      (v) => startedText(v.instances),
    );
  const another = () =>
    run(
      `Starting another ${i.profile}… up to ${readyTimeout} s`,
      () => api['instances.start']({ target: i.profile, new: true }),
      (v) => startedText(v.instances),
    );
  return (
    <li
      class={`instance status-${i.status.replace(' ', '-')}`}
      data-instance={i.id}
      data-instance-profile={i.profile}
      aria-labelledby={`inst-name-${i.id}`}
    >
      <div class="row-head">
        <span class="name" id={`inst-name-${i.id}`}>
          {i.profile}
        </span>
        <span class={`badge status-${i.status.replace(' ', '-')}`}>{statusWords[i.status]}</span>
      </div>
      <div class="facts">
        <span>
          {Object.keys(i.ports).length === 1 ? 'Port ' : 'Ports '}
          {Object.entries(i.ports).map(([name, port], n) => (
            <>
              {n > 0 ? ', ' : ''}
              {active ? (
                <a
                  href={portUrl(i, name, port)}
                  target="_blank"
                  rel="noopener noreferrer"
                  aria-label={`Open ${i.profile} on port ${port}`}
                >
                  {port}
                </a>
              ) : (
                <span>{port}</span>
              )}
            </>
          ))}
          {Object.keys(i.ports).length === 0 ? 'none' : null}
        </span>
        <span>{i.pid !== null ? `PID ${i.pid}` : 'No PID'}</span>
        <span>
          {active
            ? `Up ${formatDuration(now - i.startedAt)}`
            : i.endedAt !== null
              ? `Ended ${formatDuration(now - i.endedAt)} ago`
              : ''}
        </span>
        {i.restarts > 0 ? <span>{plural(i.restarts, 'restart')}</span> : null}
      </div>
      {fallbacks.map((t) => (
        <p class="note fallback" key={t}>
          {t}
        </p>
      ))}
      {i.actualPorts.length > 0 ? (
        <p class="note warning">
          Listens on {i.actualPorts.join(', ')} instead of {portsOf(i)}.
        </p>
      ) : null}
      {i.warnings.map((w) => (
        <p class="note warning" key={w}>
          Warning: {w}
        </p>
      ))}
      {ended ? <p class={`note ${i.status === 'stopped' ? '' : 'error'}`}>{ended}</p> : null}
      {i.nextRestartAt !== null ? <p class="note">Restarts in {formatDuration(i.nextRestartAt - now)}.</p> : null}
      {(i.status === 'crashed' || i.status === 'failed') && i.lastLines.length > 0 ? (
        <pre class="last-lines" aria-label={`Last output of ${i.profile}`}>
          {i.lastLines.join('\n')}
        </pre>
      ) : null}
      <div class="actions" role="group" aria-label={`Actions for ${i.profile}`}>
        {active ? (
          <>
            <button type="button" onClick={stop} disabled={pending} aria-describedby={statusId}>
              Stop
            </button>
            <button type="button" onClick={restart} disabled={pending} aria-describedby={statusId}>
              Restart
            </button>
            {i.url ? (
              <a class="button" href={i.url} target="_blank" rel="noopener noreferrer">
                Open
              </a>
            ) : null}
          </>
        ) : null}
        <button type="button" onClick={another} disabled={pending}>
          {active ? 'Start another' : 'Start again'}
        </button>
        <button type="button" onClick={() => onLogs(i.id)}>
          Logs
        </button>
      </div>
      <ActionStatus state={action} id={statusId} />
    </li>
  );
}

export function startedText(list: readonly InstanceView[]): string {
  if (list.length === 0) return 'Nothing was started.';
  return list
    .map((i) => {
      const ports = Object.values(i.ports).join(', ');
      if (i.status === 'ready') return `${i.profile} is ready on ${ports}.`;
      if (i.status === 'failed' || i.status === 'crashed')
        return `${i.profile} ${i.status}${i.message ? `: ${i.message}` : '.'}`;
      return `${i.profile} is ${statusWords[i.status].toLowerCase()} on ${ports}.`;
    })
    .join(' ');
}
