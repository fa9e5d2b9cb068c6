import { useEffect, useRef, useState } from 'preact/hooks';
import type { BerthApi } from '../../electron/contract/api.js';
import type { FreePortResult, ListenerView, Snapshot } from '../../electron/contract/views.js';
import { Dialog } from '../components/dialog.js';
import { plural, processText } from '../format.js';

type Props = Readonly<{ api: BerthApi; listener: ListenerView; snapshot: Snapshot; onClose: () => void }>;
type Phase =
  | { step: 'planning' }
  | { step: 'confirm'; plan: FreePortResult }
  | { step: 'freeing'; plan: FreePortResult; parent: boolean }
  | { step: 'done'; outcome: FreePortResult }
  | { step: 'error'; message: string };

/** Asks the engine for its dry-run plan, names exactly what will be stopped, then shows the outcome. */
export function FreeDialog({ api, listener, snapshot, onClose }: Props) {
  const port = listener.port;
  const [phase, setPhase] = useState<Phase>({ step: 'planning' });
  useEffect(() => {
    void api['ports.free']({ port, dryRun: true }).then(
      (r) => setPhase(r.ok ? { step: 'confirm', plan: r.value } : { step: 'error', message: errorText(r.error) }),
      (err: unknown) => setPhase({ step: 'error', message: String(err) }),
    );
  }, [api, port]);
  const free = (plan: FreePortResult, parent: boolean) => {
    setPhase({ step: 'freeing', plan, parent });
    void api['ports.free']({ port, parent }).then(
      (r) => setPhase(r.ok ? { step: 'done', outcome: r.value } : { step: 'error', message: errorText(r.error) }),
      (err: unknown) => setPhase({ step: 'error', message: String(err) }),
    );
  };
  const timeout = timeoutFor(listener, snapshot);
  const canConfirm = phase.step === 'confirm' && !phase.plan.alreadyFree && phase.plan.refused.length === 0;
  const confirmRef = useRef<HTMLButtonElement>(null);
  // The plan arrives after the dialog opened, so `autofocus` (honoured only at showModal) cannot move
  // focus to the confirm button: do it here, so Enter confirms and Escape cancels.
  useEffect(() => {
    if (canConfirm) confirmRef.current?.focus();
  }, [canConfirm]);
  return (
    <Dialog
      title={`Free port ${port}`}
      onClose={onClose}
      onSubmit={() => (canConfirm && phase.step === 'confirm' ? free(phase.plan, false) : onClose())}
    >
      {phase.step === 'planning' ? <p role="status">Asking the engine what freeing port {port} would stop…</p> : null}
      {phase.step === 'confirm' || phase.step === 'freeing' ? <Plan plan={phase.plan} /> : null}
      {phase.step === 'freeing' ? (
        <p role="status" class="action-status pending">
          <span class="spinner" aria-hidden="true" />
          Stopping… up to {timeout} s, then anything left is killed.
        </p>
      ) : null}
      {phase.step === 'done' ? <Outcome outcome={phase.outcome} onParent={() => free(phase.outcome, true)} /> : null}
      {phase.step === 'error' ? (
        <p role="alert" class="action-status error">
          {phase.message}
        </p>
      ) : null}
      <div class="dialog-actions">
        {phase.step === 'confirm' && canConfirm ? (
          <button type="submit" class="danger" ref={confirmRef}>
            Stop{' '}
            {instancesOf(phase.plan).length > 0
              ? plural(instancesOf(phase.plan).length, 'instance')
              : plural(phase.plan.planned?.length ?? 0, 'process', 'processes')}
          </button>
        ) : null}
        <button type="button" onClick={onClose} autoFocus={!canConfirm}>
          {phase.step === 'done' || phase.step === 'error' ? 'Close' : 'Cancel'}
        </button>
      </div>
    </Dialog>
  );
}

function Plan({ plan }: { plan: FreePortResult }) {
  return (
    <div class="plan">
      <p>{plan.message}</p>
      {instancesOf(plan).length > 0 ? (
        <p>
          Berth stops {plural(instancesOf(plan).length, 'instance')} through its supervisor (status stopped, no
          restart): {instancesOf(plan).join(', ')}.
        </p>
      ) : null}
      {plan.planned && plan.planned.length > 0 ? (
        <ul class="planned" aria-label="Processes that will be stopped">
          {plan.planned.map((p) => (
            <li key={p.pid}>
              <strong>{processText(p)}</strong> <code>{p.command}</code>
            </li>
          ))}
        </ul>
      ) : null}
      {plan.refused.map((r) => (
        <p class="note error" key={`${r.pid}`}>
          Refused{r.pid !== null ? ` (PID ${r.pid})` : ''}: {r.reason}
        </p>
      ))}
      {plan.hint ? <p class="hint">{plan.hint}</p> : null}
    </div>
  );
}

function Outcome({ outcome, onParent }: { outcome: FreePortResult; onParent: () => void }) {
  const r = outcome.respawned;
  return (
    <div class="outcome" role="status">
      <p class={outcome.freed || outcome.alreadyFree ? 'ok' : 'error'}>{outcome.message}</p>
      {outcome.stopped.map((s) => (
        <p key={s.pid} class="note">
          Stopped {processText(s)}
          {s.signal === 'SIGKILL' ? ', forced with SIGKILL after the timeout' : ''}.
        </p>
      ))}
      {outcome.refused.map((x) => (
        <p class="note error" key={`${x.pid}`}>
          Refused{x.pid !== null ? ` (PID ${x.pid})` : ''}: {x.reason}
        </p>
      ))}
      {/* With a respawn the hint is the CLI's way to stop the watcher: the button below is the window's. */}
      {outcome.hint && !r ? <p class="hint">{outcome.hint}</p> : null}
      {r ? (
        <div class="respawn">
          <p>
            {processText(r.parent)} restarts the server when it exits: stopping only the server will not keep port{' '}
            {outcome.port} free.
          </p>
          <button type="button" class="danger" onClick={onParent}>
            Also stop {r.parent.process} (PID {r.parent.pid})
          </button>
        </div>
      ) : null}
    </div>
  );
}

function timeoutFor(l: ListenerView, s: Snapshot): number {
  const profile = l.profile ? s.profiles.find((p) => p.name === l.profile) : undefined;
  return profile?.stopTimeout ?? s.settings.stopTimeout;
}

function errorText(e: { message: string; hint?: string }): string {
  return e.hint ? `${e.message} ${e.hint}` : e.message;
}

/** One instance can hold a port on IPv4 and IPv6: name it once. */
function instancesOf(plan: FreePortResult): string[] {
  return [...new Set(plan.instances ?? [])];
}
