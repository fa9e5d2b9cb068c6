import type { ComponentChildren } from 'preact';

type FieldProps = Readonly<{
  id: string;
  label: string;
  error?: string | undefined;
  hint?: string;
  children: ComponentChildren;
  wide?: boolean;
}>;

/** A labelled field whose error and hint are tied to the input (aria-describedby), so they are read out. */
export function Field({ id, label, error, hint, children, wide }: FieldProps) {
  return (
    <div class={`field${wide ? ' wide' : ''}${error ? ' invalid' : ''}`}>
      <label for={id}>{label}</label>
      {children}
      {hint ? (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      <p class="field-error" id={`${id}-error`} role={error ? 'alert' : undefined}>
        {error ?? ''}
      </p>
    </div>
  );
}

/** The attributes an input needs to point at its Field's hint and error. */
export function described(id: string, error: string | undefined, hint = false): Record<string, string | boolean> {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter((s) => s !== '').join(' ');
  return { id, 'aria-invalid': error ? 'true' : 'false', ...(ids ? { 'aria-describedby': ids } : {}) };
}
