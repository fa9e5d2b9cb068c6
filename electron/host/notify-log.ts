import type { Engine } from '../core/engine.js';
import type { BerthNotification } from '../core/notify/decide.js';
import { createNotifier } from '../core/notify/notifier.js';

/**
 * The notification decisions a tray app would show, made by the same notifier (core/notify/notifier.ts),
 * for a host with no desktop: `berth serve` writes them to its output (host.log for a background host).
 * It follows the engine's snapshots and every command its dispatcher runs, so a strict launch refused or
 * a port taken again after `berth free`, started from the CLI or a browser, is logged too; a burst's held
 * events go out when the burst window ends. Returns a function that stops logging.
 */
export function logNotifications(
  engine: Pick<Engine, 'subscribe' | 'onCommand' | 'settings'>,
  write: (n: BerthNotification) => void,
): () => void {
  const notifier = createNotifier({ now: Date.now, enabled: () => engine.settings.get().notifications, emit: write });
  const unfollow = notifier.follow(engine);
  return () => {
    unfollow();
    notifier.close();
  };
}
