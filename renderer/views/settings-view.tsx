import { useEffect, useState } from 'preact/hooks';
import type { BerthApi } from '../../electron/contract/api.js';
import { Settings } from '../../electron/contract/settings.js';
import type { Snapshot } from '../../electron/contract/views.js';
import { ActionStatus } from '../components/action-status.js';
import { described, Field } from '../components/field.js';
import { useAction } from '../components/use-action.js';

type Draft = {
  watchedPorts: string;
  notifications: boolean;
  pollActiveSeconds: string;
  pollIdleSeconds: string;
  onQuit: string;
  stopTimeout: string;
};

function draftOf(s: Settings): Draft {
  return {
    watchedPorts: s.watchedPorts.join(', '),
    notifications: s.notifications,
    pollActiveSeconds: String(s.pollActiveSeconds),
    pollIdleSeconds: String(s.pollIdleSeconds),
    onQuit: s.onQuit,
    stopTimeout: String(s.stopTimeout),
  };
}

const num = (s: string): number | string => (/^\s*\d+(\.\d+)?\s*$/.test(s) ? Number(s) : s);

function inputOf(d: Draft): Record<string, unknown> {
  const ports = d.watchedPorts
    .split(/[\s,]+/)
    .filter((p) => p !== '')
    .map(num);
  return {
    watchedPorts: ports,
    notifications: d.notifications,
    pollActiveSeconds: num(d.pollActiveSeconds),
    pollIdleSeconds: num(d.pollIdleSeconds),
    onQuit: d.onQuit,
    stopTimeout: num(d.stopTimeout),
  };
}

/** The engine's settings, validated as typed by the contract's Settings schema, saved through settings.save. */
export function SettingsView({ api, snapshot }: Readonly<{ api: BerthApi; snapshot: Snapshot }>) {
  const [draft, setDraft] = useState<Draft>(() => draftOf(snapshot.settings));
  const [save, run] = useAction();
  // Settings changed elsewhere (the CLI, another window) show here unless the user is editing them.
  const [base, setBase] = useState(snapshot.settings);
  useEffect(() => {
    if (snapshot.settings === base) return;
    if (JSON.stringify(draft) === JSON.stringify(draftOf(base))) setDraft(draftOf(snapshot.settings));
    setBase(snapshot.settings);
  }, [snapshot.settings, base, draft]);
  // "Settings saved." belongs to what was saved: it goes once the form is edited again.
  const [savedDraft, setSavedDraft] = useState<string | null>(null);
  const edited = save.phase === 'done' && savedDraft !== JSON.stringify(draft);
  const parsed = Settings.safeParse(inputOf(draft));
  const errors: Record<string, string> = {};
  // An item's message names its value ("got 70000"): its 0-based index ("2: ") would only puzzle.
  if (!parsed.success) for (const i of parsed.error.issues) errors[String(i.path[0] ?? 'settings')] ??= i.message;
  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => setDraft({ ...draft, [k]: v });
  const text = (k: Exclude<keyof Draft, 'notifications'>, label: string, hint: string) => (
    <Field id={`st-${k}`} label={label} error={errors[k]} hint={hint}>
      <input
        {...described(`st-${k}`, errors[k], true)}
        value={draft[k]}
        onInput={(e) => set(k, e.currentTarget.value)}
      />
    </Field>
  );
  return (
    <form
      class="settings"
      aria-label="Settings"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (parsed.success)
          void run(
            'Saving settings…',
            () => api['settings.save']({ settings: parsed.data }),
            () => (setSavedDraft(JSON.stringify(draft)), 'Settings saved.'),
          );
      }}
    >
      <div class="grid">
        {text(
          'watchedPorts',
          'Watched ports',
          'Comma-separated. The tray offers to free them and Berth tells you when one is taken.',
        )}
        {text(
          'pollActiveSeconds',
          'Poll interval while watched (s)',
          'How often ports are scanned while a window or menu is open.',
        )}
        {text('pollIdleSeconds', 'Poll interval otherwise (s)', 'How often ports are scanned in the background.')}
        {text(
          'stopTimeout',
          'Stop timeout when freeing a port (s)',
          'SIGTERM, then SIGKILL after this long. Profiles have their own.',
        )}
        <Field id="st-onQuit" label="When Berth quits" error={errors.onQuit}>
          <select
            {...described('st-onQuit', errors.onQuit)}
            value={draft.onQuit}
            onChange={(e) => set('onQuit', e.currentTarget.value)}
          >
            <option value="leave">Leave servers running</option>
            <option value="stop">Stop servers</option>
          </select>
        </Field>
        <label class="check wide">
          <input
            type="checkbox"
            checked={draft.notifications}
            onChange={(e) => set('notifications', e.currentTarget.checked)}
          />
          Show desktop notifications
        </label>
      </div>
      <ActionStatus state={edited ? { phase: 'idle' } : save} />
      <div class="form-actions">
        <button type="submit" class="primary" disabled={!parsed.success || save.phase === 'pending'}>
          Save settings
        </button>
        <button type="button" onClick={() => setDraft(draftOf(snapshot.settings))}>
          Revert
        </button>
      </div>
    </form>
  );
}
