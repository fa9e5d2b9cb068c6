import { useEffect, useLayoutEffect, useState } from 'preact/hooks';
import type { Snapshot } from '../electron/contract/views.js';
import { isActive } from '../electron/contract/views.js';
import type { Client, ConnectionStatus } from './api.js';
import { ConnectionBanner } from './components/connection-banner.js';
import { Notices } from './components/notices.js';
import { InstancesView } from './views/instances-view.js';
import { LogsView } from './views/logs-view.js';
import { PortsView } from './views/ports-view.js';
import { ProfilesView } from './views/profiles-view.js';
import { SettingsView } from './views/settings-view.js';
import { parseFocus, type Focus, type ViewName } from './focus.js';

export type { ViewName } from './focus.js';
const VIEWS: readonly (readonly [ViewName, string])[] = [
  ['instances', 'Instances'],
  ['ports', 'Ports'],
  ['profiles', 'Profiles'],
  ['logs', 'Logs'],
  ['settings', 'Settings'],
];

/** The whole window: one pushed snapshot in, the views render from it; actions go through the api. */
export function App({ client }: Readonly<{ client: Client }>) {
  const { api } = client;
  const [snapshot, setSnapshot] = useState<Snapshot | null>(null);
  const [status, setStatus] = useState<ConnectionStatus>('connecting');
  const [focus, setFocus] = useState<Focus>(() => parseFocus(location.hash));
  const [view, setView] = useState<ViewName>(focus.view ?? 'instances');
  const [logId, setLogId] = useState<string | null>(focus.view === 'logs' ? (focus.instance ?? null) : null);
  // The tray and notifications re-open the window on a port, a profile or an instance (an in-page hash change).
  useEffect(() => {
    const onHash = () => {
      const f = parseFocus(location.hash);
      setFocus(f);
      if (f.view) setView(f.view);
      if (f.view === 'logs' && f.instance) setLogId(f.instance);
    };
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);
  useScrollToFocus(view === 'instances' ? focus : {}, snapshot);
  useEffect(() => client.onConnection(setStatus), [client]);
  useEffect(() => {
    // Pushed snapshots can overtake the first read: the higher rev wins either way.
    const keep = (s: Snapshot) => setSnapshot((old) => (old && old.rev > s.rev ? old : s));
    const off = api.onState(keep);
    void api['state.get']({}).then(
      (r) => r.ok && keep(r.value),
      () => {},
    );
    return off;
  }, [api]);
  const go = (v: ViewName) => setView(v);
  const counts: Partial<Record<ViewName, number>> = snapshot
    ? {
        instances: snapshot.instances.filter(isActive).length,
        ports: snapshot.listeners.length,
        profiles: snapshot.profiles.length,
      }
    : {};
  return (
    <div class="app">
      <header class="top">
        <h1>Berth</h1>
        <nav aria-label="Views">
          {VIEWS.map(([v, label]) => (
            <button
              type="button"
              key={v}
              class="tab"
              aria-current={view === v ? 'page' : undefined}
              onClick={() => go(v)}
            >
              {label}
              {counts[v] !== undefined ? <span class="count-badge">{counts[v]}</span> : null}
            </button>
          ))}
        </nav>
      </header>
      <ConnectionBanner status={status} />
      {snapshot ? <Notices api={api} notices={snapshot.notices} /> : null}
      <main class={`view view-${view}`} aria-label={VIEWS.find(([v]) => v === view)?.[1]}>
        {!snapshot ? (
          <p class="empty" role="status">
            {status === 'unauthorized'
              ? 'Nothing to show: the host refused this page.'
              : 'Connecting to the Berth host…'}
          </p>
        ) : view === 'instances' ? (
          <InstancesView api={api} snapshot={snapshot} onGo={go} onLogs={(id) => (setLogId(id), go('logs'))} />
        ) : view === 'ports' ? (
          <PortsView api={api} snapshot={snapshot} focusPort={focus.port} />
        ) : view === 'profiles' ? (
          <ProfilesView api={api} snapshot={snapshot} />
        ) : view === 'logs' ? (
          <LogsView api={api} snapshot={snapshot} selected={logId} onSelect={setLogId} />
        ) : (
          <SettingsView api={api} snapshot={snapshot} />
        )}
      </main>
    </div>
  );
}

/**
 * Brings the focused instance (or the profile's newest) into view once it is rendered, and marks it.
 * The mark is set again after each snapshot: a row whose status changes gets a new class from Preact,
 * which would drop it.
 */
function useScrollToFocus(focus: Focus, snapshot: Snapshot | null): void {
  const [done, setDone] = useState<Focus | null>(null);
  useLayoutEffect(() => {
    if ((!focus.instance && !focus.profile) || !snapshot) return;
    const row =
      (focus.instance && document.querySelector(`[data-instance="${CSS.escape(focus.instance)}"]`)) ||
      (focus.profile && document.querySelector(`[data-instance-profile="${CSS.escape(focus.profile)}"]`));
    if (!(row instanceof HTMLElement)) return;
    document.querySelectorAll('.focused').forEach((e) => e !== row && e.classList.remove('focused'));
    row.classList.add('focused');
    if (done === focus) return;
    row.scrollIntoView({ block: 'nearest' });
    setDone(focus);
  }, [focus, snapshot, done]);
}
