import { useEffect, useState } from 'preact/hooks';
import type { BerthApi } from '../../electron/contract/api.js';
import type { Snapshot } from '../../electron/contract/views.js';
import { isActive } from '../../electron/contract/views.js';
import { InstanceRow } from './instance-row.js';

type Props = Readonly<{
  api: BerthApi;
  snapshot: Snapshot;
  onLogs: (id: string) => void;
  onGo: (view: 'profiles') => void;
}>;

/** Uptimes tick on their own clock, every few seconds: a snapshot alone would leave them stale. */
function useNow(stepMs: number): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), stepMs);
    return () => clearInterval(t);
  }, [stepMs]);
  return now;
}

/** Running instances first, then the ones that ended, most recent first. */
export function InstancesView({ api, snapshot, onLogs, onGo }: Props) {
  const now = Math.max(useNow(5000), snapshot.scan.takenAt);
  const list = [...snapshot.instances].sort(
    (a, b) => Number(isActive(b)) - Number(isActive(a)) || b.startedAt - a.startedAt,
  );
  const byName = new Map(snapshot.profiles.map((p) => [p.name, p]));
  if (list.length === 0) {
    return (
      <div class="empty">
        <p>Nothing is running.</p>
        <p>
          {snapshot.profiles.length === 0
            ? 'Add a profile (a command, its folder and the port it wants), or import one from a project folder, ' +
              'then start it here.'
            : 'Start one of your ' +
              `${snapshot.profiles.length === 1 ? 'profile' : `${snapshot.profiles.length} profiles`} from Profiles.`}
        </p>
        <button type="button" onClick={() => onGo('profiles')}>
          Go to Profiles
        </button>
      </div>
    );
  }
  return (
    <ul class="rows instances" aria-label="Instances">
      {list.map((i) => (
        <InstanceRow
          key={i.id}
          api={api}
          instance={i}
          now={now}
          onLogs={onLogs}
          stopTimeout={byName.get(i.profile)?.stopTimeout ?? snapshot.settings.stopTimeout}
          readyTimeout={byName.get(i.profile)?.readyTimeout ?? 30}
        />
      ))}
    </ul>
  );
}
