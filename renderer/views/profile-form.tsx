import { useState } from 'preact/hooks';
import type { BerthApi } from '../../electron/contract/api.js';
import { ActionStatus } from '../components/action-status.js';
import { Field, described } from '../components/field.js';
import { useAction } from '../components/use-action.js';
import { emptyDraft, validateDraft, type ProfileDraft } from './profile-draft.js';
import { ProfilePorts } from './profile-ports.js';

type Props = Readonly<{
  api: BerthApi;
  draft: ProfileDraft;
  /** The stored name when editing; null when creating. */
  editing: string | null;
  onDraft: (d: ProfileDraft) => void;
  onDone: (savedName: string | null) => void;
}>;

/** Every field of the Profile schema, validated as typed by that schema; the draft lives above, so it survives. */
export function ProfileForm({ api, draft: d, editing, onDraft, onDone }: Props) {
  const [submitted, setSubmitted] = useState(false);
  const [save, run] = useAction();
  const { errors, profile } = validateDraft(d);
  // A field's error shows once it differs from a blank form (or after Create): computed from the draft
  // itself, so it is back when the form is left and reopened, and an untouched blank form stays quiet.
  const blank = emptyDraft();
  const dirty = (top: string): boolean =>
    top === 'ready'
      ? d.readyType !== blank.readyType
      : JSON.stringify(d[top as keyof ProfileDraft]) !== JSON.stringify(blank[top as keyof ProfileDraft]);
  const shown = (key: string): string | undefined => (submitted || dirty(key.split('.')[0]!) ? errors[key] : undefined);
  const shownAll = Object.fromEntries(Object.entries(errors).filter(([k]) => shown(k) !== undefined));
  const set = <K extends keyof ProfileDraft>(key: K, value: ProfileDraft[K]) => {
    onDraft({ ...d, [key]: value });
  };
  const text = (key: keyof ProfileDraft, label: string, hint?: string, wide = false, readOnly = false) => (
    <Field id={`pf-${key}`} label={label} error={shown(key)} {...(hint ? { hint } : {})} wide={wide}>
      <input
        {...described(`pf-${key}`, shown(key), hint !== undefined)}
        value={d[key] as string}
        readOnly={readOnly}
        onInput={(e) => set(key, e.currentTarget.value)}
      />
    </Field>
  );
  const submit = async () => {
    setSubmitted(true);
    if (!profile) {
      document.querySelector<HTMLElement>('.profile-form [aria-invalid="true"]')?.focus();
      return;
    }
    const saved = await run(
      'Saving…',
      () => api['profiles.save']({ profile, replace: editing !== null }),
      (p) => `Saved ${p.name}.`,
    );
    if (saved) onDone(saved.name);
  };
  return (
    <form
      class="profile-form"
      aria-label={editing ? `Edit profile ${editing}` : 'New profile'}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h2>{editing ? `Edit ${editing}` : 'New profile'}</h2>
      <div class="grid">
        {text(
          'name',
          'Name',
          editing ? 'To use another name, duplicate the profile.' : 'Letters, digits, ".", "_" or "-".',
          false,
          editing !== null,
        )}
        {text('group', 'Group', 'Start several profiles together by group name.')}
        {text('command', 'Command', 'Run with your shell exactly as written, e.g. npm run dev.', true)}
        {text('cwd', 'Folder', 'Absolute path the command runs in.', true)}
        <ProfilePorts ports={d.ports} errors={shownAll} onChange={(ports) => set('ports', ports)} />
        <Field id="pf-policy" label="When the preferred port is taken" error={shown('policy')}>
          <select
            {...described('pf-policy', shown('policy'))}
            value={d.policy}
            onChange={(e) => set('policy', e.currentTarget.value)}
          >
            <option value="fallback">Use the next free port</option>
            <option value="strict">Refuse to start</option>
            <option value="free">Free the port first</option>
          </select>
        </Field>
        <Field id="pf-restart" label="Restart" error={shown('restart')}>
          <select
            {...described('pf-restart', shown('restart'))}
            value={d.restart}
            onChange={(e) => set('restart', e.currentTarget.value)}
          >
            <option value="never">Never</option>
            <option value="on-failure">When it crashes</option>
          </select>
        </Field>
        <Field id="pf-readyType" label="Ready when" error={shown('ready')}>
          <select
            {...described('pf-readyType', shown('ready'))}
            value={d.readyType}
            onChange={(e) => set('readyType', e.currentTarget.value)}
          >
            <option value="tcp">Its port is open</option>
            <option value="http">An HTTP path answers</option>
            <option value="log">Its output matches</option>
          </select>
        </Field>
        {d.readyType === 'http' ? text('readyPath', 'HTTP path') : null}
        {d.readyType === 'http' ? text('readyStatus', 'Expected status (optional)') : null}
        {d.readyType === 'log' ? (
          <Field id="pf-readyPattern" label="Output pattern (regular expression)" error={shown('ready.pattern')}>
            <input
              {...described('pf-readyPattern', shown('ready.pattern'))}
              value={d.readyPattern}
              onInput={(e) => set('readyPattern', e.currentTarget.value)}
            />
          </Field>
        ) : null}
        {text('readyTimeout', 'Ready timeout (s)')}
        {text('stopTimeout', 'Stop timeout (s)', 'SIGTERM, then SIGKILL after this long.')}
        {text('url', 'URL', '{PORT} is replaced by the assigned port.', true)}
        <Field id="pf-env" label="Environment" error={shown('env')} hint="One NAME=value per line." wide>
          <textarea
            {...described('pf-env', shown('env'), true)}
            rows={3}
            value={d.env}
            onInput={(e) => set('env', e.currentTarget.value)}
          />
        </Field>
        {text('envFile', 'Env file', 'Optional .env file read before starting.', true)}
        <Field
          id="pf-args"
          label="Extra arguments"
          error={shown('args')}
          hint="One per line; {PORT} is replaced, e.g. --port then {PORT}."
          wide
        >
          <textarea
            {...described('pf-args', shown('args'), true)}
            rows={2}
            value={d.args}
            onInput={(e) => set('args', e.currentTarget.value)}
          />
        </Field>
        <label class="check wide">
          <input type="checkbox" checked={d.autostart} onChange={(e) => set('autostart', e.currentTarget.checked)} />
          Start when the Berth host starts
        </label>
      </div>
      {errors.profile && submitted ? (
        <p class="field-error" role="alert">
          {errors.profile}
        </p>
      ) : null}
      <ActionStatus state={save} />
      <div class="form-actions">
        <button type="submit" class="primary" disabled={save.phase === 'pending'}>
          {editing ? 'Save changes' : 'Create profile'}
        </button>
        <button type="button" onClick={() => onDone(null)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
