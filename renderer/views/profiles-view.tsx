import { useState } from 'preact/hooks';
import type { BerthApi } from '../../electron/contract/api.js';
import type { Profile } from '../../electron/contract/profile.js';
import type { Snapshot } from '../../electron/contract/views.js';
import { isActive } from '../../electron/contract/views.js';
import { ActionStatus } from '../components/action-status.js';
import { Dialog } from '../components/dialog.js';
import { useAction } from '../components/use-action.js';
import { startedText } from './instance-row.js';
import { ImportDialog } from './import-dialog.js';
import { draftOf, emptyDraft, type ProfileDraft } from './profile-draft.js';
import { ProfileForm } from './profile-form.js';

type Editor = { draft: ProfileDraft; editing: string | null };
type Props = Readonly<{ api: BerthApi; snapshot: Snapshot }>;

const CLI_EXAMPLE = 'berth profile add web --cwd ~/app --port 5173 -- npm run dev';

/** A command line that wraps only between words: a break inside "--port" would read as "-- port". */
function unbrokenWords(line: string) {
  return line.split(' ').flatMap((w, i) => [...(i > 0 ? [' '] : []), <span key={i}>{w}</span>]);
}

/** Kept outside the component: switching to another view and back never loses what was typed. */
let keptEditor: Editor | null = null;

export function ProfilesView({ api, snapshot }: Props) {
  const [editor, setEditorState] = useState<Editor | null>(keptEditor);
  const [deleting, setDeleting] = useState<Profile | null>(null);
  const [importing, setImporting] = useState(false);
  const [notice, setNotice] = useState('');
  const setEditor = (e: Editor | null) => {
    keptEditor = e;
    setEditorState(e);
  };
  if (editor) {
    return (
      <ProfileForm
        api={api}
        draft={editor.draft}
        editing={editor.editing}
        onDraft={(draft) => setEditor({ ...editor, draft })}
        onDone={(saved) => {
          setEditor(null);
          setNotice(saved ? `Saved ${saved}.` : '');
        }}
      />
    );
  }
  const running = new Set(snapshot.instances.filter(isActive).map((i) => i.profile));
  return (
    <div class="profiles">
      <div class="toolbar">
        <button type="button" class="primary" onClick={() => setEditor({ draft: emptyDraft(), editing: null })}>
          New profile
        </button>
        <button type="button" onClick={() => setImporting(true)}>
          Import from a folder
        </button>
      </div>
      <p role="status" class="action-status done">
        {notice}
      </p>
      {snapshot.profiles.length === 0 ? (
        <div class="empty">
          <p>No profiles yet.</p>
          <p>
            A profile is a command, the folder it runs in and the port it wants. Create one with "New profile", or let
            Berth read a project's package.json scripts, Procfile and .env with "Import from a folder".
          </p>
          <p>
            From a terminal: <code class="cli">{unbrokenWords(CLI_EXAMPLE)}</code>
          </p>
        </div>
      ) : (
        <ul class="rows profiles-list" aria-label="Profiles">
          {snapshot.profiles.map((p) => (
            <ProfileRow
              key={p.name}
              api={api}
              profile={p}
              running={running.has(p.name)}
              onEdit={() => setEditor({ draft: draftOf(p), editing: p.name })}
              onDuplicate={() => setEditor({ draft: { ...draftOf(p), name: `${p.name}-copy` }, editing: null })}
              onDelete={() => setDeleting(p)}
            />
          ))}
        </ul>
      )}
      {deleting ? (
        <DeleteDialog
          api={api}
          profile={deleting}
          onClose={(deleted) => {
            setDeleting(null);
            // The dialog's own "Deleted …" goes with it: say it here, in place of an older "Saved …".
            if (deleted) setNotice(`Deleted ${deleted}.`);
          }}
        />
      ) : null}
      {importing ? <ImportDialog api={api} onClose={() => setImporting(false)} /> : null}
    </div>
  );
}

type RowProps = Readonly<{
  api: BerthApi;
  profile: Profile;
  running: boolean;
  onEdit: () => void;
  onDuplicate: () => void;
  onDelete: () => void;
}>;

function ProfileRow({ api, profile: p, running, onEdit, onDuplicate, onDelete }: RowProps) {
  const [action, run] = useAction();
  const ports = p.ports
    .map(
      (s) =>
        `${s.name}=${s.preferred ?? 'any'}${s.range ? ` (${s.range[0]}–${s.range[1]})` : ''}` +
        `${s.pinned ? ' pinned' : ''}`,
    )
    .join(', ');
  return (
    <li class="profile" data-profile={p.name}>
      <div class="row-head">
        <span class="name">{p.name}</span>
        {running ? <span class="badge status-ready">Running</span> : null}
        {p.group ? <span class="tag">group {p.group}</span> : null}
      </div>
      <p class="command">
        <code>{p.command}</code>
      </p>
      <p class="facts">
        <span>{p.cwd}</span>
        <span>{ports}</span>
      </p>
      <div class="actions" role="group" aria-label={`Actions for ${p.name}`}>
        <button
          type="button"
          disabled={action.phase === 'pending'}
          onClick={() =>
            run(
              `Starting ${p.name}… up to ${p.readyTimeout} s`,
              // "Start another" means another: without `new`, the engine returns the running one.
              () => api['instances.start']({ target: p.name, ...(running ? { new: true } : {}) }),
              (v) => startedText(v.instances),
            )
          }
        >
          {running ? 'Start another' : 'Start'}
        </button>
        <button type="button" onClick={onEdit} aria-label={`Edit ${p.name}`}>
          Edit
        </button>
        <button type="button" onClick={onDuplicate} aria-label={`Duplicate ${p.name}`}>
          Duplicate
        </button>
        <button type="button" class="danger" onClick={onDelete} aria-label={`Delete ${p.name}`}>
          Delete
        </button>
      </div>
      <ActionStatus state={action} />
    </li>
  );
}

type DeleteProps = Readonly<{ api: BerthApi; profile: Profile; onClose: (deleted?: string) => void }>;

function DeleteDialog({ api, profile, onClose }: DeleteProps) {
  const [action, run] = useAction();
  const remove = async () => {
    if (
      await run(
        `Deleting ${profile.name}…`,
        () => api['profiles.remove']({ name: profile.name }),
        (v) => `Deleted ${v.removed}.`,
      )
    )
      onClose(profile.name);
  };
  return (
    <Dialog title={`Delete ${profile.name}?`} onClose={() => onClose()} onSubmit={() => void remove()}>
      <p>The profile is removed from Berth. Servers it started keep running; its log files stay on disk.</p>
      <ActionStatus state={action} />
      <div class="dialog-actions">
        <button type="submit" class="danger" autoFocus disabled={action.phase === 'pending'}>
          Delete {profile.name}
        </button>
        <button type="button" onClick={() => onClose()}>
          Cancel
        </button>
      </div>
    </Dialog>
  );
}
