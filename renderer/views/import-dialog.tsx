import { useState } from 'preact/hooks';
import type { BerthApi } from '../../electron/contract/api.js';
import type { ImportPreview } from '../../electron/contract/commands.js';
import { ActionStatus } from '../components/action-status.js';
import { Dialog } from '../components/dialog.js';
import { described, Field } from '../components/field.js';
import { useAction } from '../components/use-action.js';
import { plural } from '../format.js';

/** Import from a folder: first a preview (apply: false) of what would be created and skipped, then confirm. */
export function ImportDialog({ api, onClose }: Readonly<{ api: BerthApi; onClose: () => void }>) {
  const [dir, setDir] = useState('');
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [action, run] = useAction();
  const look = async () => {
    setPreview(
      await run(
        `Reading ${dir}…`,
        () => api['profiles.import']({ dir: dir.trim(), apply: false }),
        (p) => `Found ${plural(p.create.length, 'profile')} to create, ${p.skipped.length} skipped.`,
      ),
    );
  };
  const apply = async () => {
    const done = await run(
      'Creating profiles…',
      () => api['profiles.import']({ dir: dir.trim(), apply: true }),
      (p) => `Created ${plural(p.create.length, 'profile')}.`,
    );
    if (done) setPreview(done);
  };
  const canApply = preview !== null && !preview.applied && preview.create.length > 0;
  return (
    <Dialog title="Import profiles from a folder" onClose={onClose} onSubmit={() => void (canApply ? apply() : look())}>
      <Field id="import-dir" label="Folder" hint="Berth reads package.json scripts, a Procfile and .env there.">
        <input
          {...described('import-dir', undefined, true)}
          value={dir}
          autoFocus
          onInput={(e) => {
            setDir(e.currentTarget.value);
            setPreview(null);
          }}
        />
      </Field>
      {preview ? (
        <div class="preview">
          {preview.create.length > 0 ? (
            <>
              <h3>{preview.applied ? 'Created' : 'Would create'}</h3>
              <ul>
                {preview.create.map((c) => (
                  <li key={c.profile.name}>
                    <strong>{c.profile.name}</strong> <code>{c.profile.command}</code>{' '}
                    <span class="hint">
                      from {c.from}
                      {c.note ? `; ${c.note}` : ''}
                    </span>
                  </li>
                ))}
              </ul>
            </>
          ) : (
            <p>Nothing to create.</p>
          )}
          {preview.skipped.length > 0 ? (
            <>
              <h3>Skipped</h3>
              <ul>
                {preview.skipped.map((s) => (
                  <li key={`${s.from}:${s.name}`}>
                    <strong>{s.name}</strong>: {s.reason}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {preview.leftAlone && preview.leftAlone.length > 0 ? (
            <>
              <h3>Left alone</h3>
              <ul>
                {preview.leftAlone.map((l) => (
                  <li key={l.name}>
                    <strong>
                      {l.name}={l.value}
                    </strong>
                    : {l.reason}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {preview.notes.map((n) => (
            <p class="hint" key={n}>
              {n}
            </p>
          ))}
        </div>
      ) : null}
      <ActionStatus state={action} />
      <div class="dialog-actions">
        {canApply ? (
          <button type="submit" class="primary">
            Create {plural(preview.create.length, 'profile')}
          </button>
        ) : null}
        {!preview ? (
          <button type="submit" class="primary" disabled={dir.trim() === ''}>
            Preview
          </button>
        ) : null}
        <button type="button" onClick={onClose}>
          {preview?.applied ? 'Close' : 'Cancel'}
        </button>
      </div>
    </Dialog>
  );
}
