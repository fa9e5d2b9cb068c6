import { Field, described } from '../components/field.js';
import { emptyPort, type PortDraft } from './profile-draft.js';

type Props = Readonly<{ ports: PortDraft[]; errors: Record<string, string>; onChange: (ports: PortDraft[]) => void }>;

/** The named ports of a profile: variable name, preferred port, optional range, pinned. */
export function ProfilePorts({ ports, errors, onChange }: Props) {
  const set = (i: number, patch: Partial<PortDraft>) =>
    onChange(ports.map((p, n) => (n === i ? { ...p, ...patch } : p)));
  return (
    <fieldset class="ports-field wide">
      <legend>Ports</legend>
      <p class="hint">
        Each port is handed to the command in an environment variable. Leave the preferred port empty to take any free
        one.
      </p>
      {errors.ports ? (
        <p class="field-error" role="alert">
          {errors.ports}
        </p>
      ) : null}
      {ports.map((p, i) => {
        const e = (k: string) => errors[`ports.${i}.${k}`];
        const id = (k: string) => `pf-port-${i}-${k}`;
        return (
          <div class="port-spec" key={i} role="group" aria-label={`Port ${i + 1}`}>
            <Field id={id('name')} label="Variable" error={e('name')}>
              <input
                {...described(id('name'), e('name'))}
                value={p.name}
                onInput={(ev) => set(i, { name: ev.currentTarget.value })}
              />
            </Field>
            <Field id={id('preferred')} label="Preferred port" error={e('preferred')}>
              <input
                {...described(id('preferred'), e('preferred'))}
                inputMode="numeric"
                value={p.preferred}
                onInput={(ev) => set(i, { preferred: ev.currentTarget.value })}
              />
            </Field>
            <Field id={id('from')} label="Range from" error={e('range')}>
              <input
                {...described(id('from'), e('range'))}
                inputMode="numeric"
                value={p.from}
                onInput={(ev) => set(i, { from: ev.currentTarget.value })}
              />
            </Field>
            <Field id={id('to')} label="Range to">
              <input
                id={id('to')}
                inputMode="numeric"
                value={p.to}
                onInput={(ev) => set(i, { to: ev.currentTarget.value })}
              />
            </Field>
            <label class="check">
              <input
                type="checkbox"
                checked={p.pinned}
                onChange={(ev) => set(i, { pinned: ev.currentTarget.checked })}
              />
              Pinned (always try the preferred port first)
            </label>
            {ports.length > 1 ? (
              <button
                type="button"
                class="link"
                onClick={() => onChange(ports.filter((_, n) => n !== i))}
                aria-label={`Remove port ${p.name || i + 1}`}
              >
                Remove
              </button>
            ) : null}
          </div>
        );
      })}
      <button
        type="button"
        onClick={() => onChange([...ports, { ...emptyPort(), name: ports.length === 0 ? 'PORT' : '' }])}
      >
        Add a port
      </button>
    </fieldset>
  );
}
