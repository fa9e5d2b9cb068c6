import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

type DialogProps = Readonly<{
  title: string;
  onClose: () => void;
  children: ComponentChildren;
  /** Enter submits: the primary action. Omitted, the dialog only informs. */
  onSubmit?: () => void;
}>;

/**
 * A modal on the native <dialog>: showModal() traps focus and Escape closes it (both built in), the
 * form makes Enter run the primary action. Focus returns to whatever opened it.
 */
export function Dialog({ title, onClose, children, onSubmit }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const opener = document.activeElement as HTMLElement | null;
    const d = ref.current;
    if (d && !d.open) d.showModal();
    return () => opener?.focus?.();
  }, []);
  const titleId = `dlg-${title.replace(/[^A-Za-z0-9]+/g, '-').toLowerCase()}`;
  return (
    <dialog
      ref={ref}
      class="dialog"
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <form
        method="dialog"
        onSubmit={(e) => {
          e.preventDefault();
          onSubmit?.();
        }}
      >
        <h2 id={titleId}>{title}</h2>
        {children}
      </form>
    </dialog>
  );
}
