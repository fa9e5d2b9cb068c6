import type { Settings } from '../../contract/settings.js';

export type QuitPlan = Readonly<{
  /** Close the in-process host (release host.lock and the control socket). */
  closeHost: boolean;
  /** Stop running servers first, each with its stop timeout; otherwise the next host adopts them. */
  stopInstances: boolean;
  /** One line for the log: what quitting did with the servers. */
  message: string;
}>;

/**
 * What quitting the tray app does (issue 12 §2, settings.onQuit). A shell attached to a host it did not
 * start (e.g. `berth serve`) only disconnects: that host and its servers are not the shell's to end.
 */
export function planQuit(settings: Pick<Settings, 'onQuit'>, hosting: boolean, activeInstances: number): QuitPlan {
  if (!hosting)
    return { closeHost: false, stopInstances: false, message: 'Disconnected from the Berth host; it keeps running.' };
  if (activeInstances === 0) return { closeHost: true, stopInstances: false, message: 'No servers were running.' };
  const servers = activeInstances === 1 ? '1 server' : `${activeInstances} servers`;
  if (settings.onQuit === 'stop')
    return { closeHost: true, stopInstances: true, message: `Stopping ${servers} before quitting.` };
  return {
    closeHost: true,
    stopInstances: false,
    message: `Leaving ${servers} running; the next Berth start adopts them.`,
  };
}
