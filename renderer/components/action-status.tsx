import type { ActionState } from './use-action.js';

/** The pending label, result or error of one action, announced politely to screen readers. */
export function ActionStatus({ state, id }: { state: ActionState; id?: string }) {
  const text = state.phase === 'pending' ? state.label : state.phase === 'idle' ? '' : state.text;
  return (
    <p id={id} class={`action-status ${state.phase}`} role={state.phase === 'error' ? 'alert' : 'status'}>
      {state.phase === 'pending' ? <span class="spinner" aria-hidden="true" /> : null}
      {text}
    </p>
  );
}
