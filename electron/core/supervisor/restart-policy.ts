/**
 * on-failure restarts: exponential backoff from 1 s, capped at 30 s; give up after 5 consecutive
 * exits that each lived under 1 s. Only a run that stayed up STABLE_MS resets the backoff, so a
 * server that crashes every 2 s ends up waiting 30 s between attempts (issue 8 §3) instead of
 * restarting every second forever; any run over 1 s resets the give-up count.
 */
export const BACKOFF_START_MS = 1_000;
export const BACKOFF_CAP_MS = 30_000;
export const QUICK_EXIT_MS = 1_000;
export const STABLE_MS = 30_000;
export const GIVE_UP_AFTER = 5;

export type RestartState = Readonly<{ failures: number; quickExits: number }>;

export const initialRestartState: RestartState = { failures: 0, quickExits: 0 };

export type RestartDecision = Readonly<{ restart: boolean; delayMs: number; next: RestartState; reason?: string }>;

/** `scale` shortens the delays (tests); the give-up and reset rules are unchanged. */
export function decideRestart(state: RestartState, livedMs: number, scale = 1): RestartDecision {
  const quick = livedMs < QUICK_EXIT_MS;
  const next: RestartState = {
    failures: livedMs >= STABLE_MS ? 1 : state.failures + 1,
    quickExits: quick ? state.quickExits + 1 : 0,
  };
  if (next.quickExits >= GIVE_UP_AFTER) {
    return {
      restart: false,
      delayMs: 0,
      next,
      reason: `gave up after ${GIVE_UP_AFTER} exits that each lived under ${QUICK_EXIT_MS / 1000} s`,
    };
  }
  const delayMs = Math.min(BACKOFF_CAP_MS, BACKOFF_START_MS * 2 ** (next.failures - 1)) * scale;
  return { restart: true, delayMs, next };
}
