import type { ElectronModule } from './electron-module.js';
import type { BerthNotification, NotificationAction } from '../core/notify/decide.js';

export type DesktopNotifications = Readonly<{
  /** Shows one notification; false when the OS has none (the notice is still in the window and tooltip). */
  show(n: BerthNotification): boolean;
  /** A plain message (a tray action that failed); false when unsupported. */
  showMessage(title: string, body: string): boolean;
}>;

export type DesktopNotificationDeps = Readonly<{
  platform: NodeJS.Platform;
  onClick: (n: BerthNotification) => void;
  onAction: (n: BerthNotification, action: NotificationAction) => void;
}>;

/**
 * Desktop notifications (core/notify/notifier.ts decides, this only displays). Buttons exist on macOS
 * (signed apps) and Windows (Electron docs, NotificationAction); "Show" is the click itself, so it is
 * not a button. Each notification is kept referenced until it closes, or its handlers could be
 * garbage-collected before the user clicks.
 */
export function createDesktopNotifications(
  electron: ElectronModule,
  deps: DesktopNotificationDeps,
): DesktopNotifications {
  const { Notification } = electron;
  const alive = new Set<object>();
  const buttons = deps.platform === 'darwin' || deps.platform === 'win32';
  const supported = (): boolean => {
    try {
      return Notification.isSupported();
    } catch {
      return false;
    }
  };
  const display = (
    title: string,
    body: string,
    actions: readonly NotificationAction[],
    n: BerthNotification | null,
  ): boolean => {
    if (!supported()) return false;
    const note = new Notification({
      title,
      body,
      actions: buttons ? actions.map((a) => ({ type: 'button' as const, text: a.label })) : [],
    });
    alive.add(note);
    note.on('close', () => alive.delete(note));
    if (n) {
      note.on('click', () => deps.onClick(n));
      note.on('action', (_event, index) => {
        const action = actions[index];
        if (action) deps.onAction(n, action);
      });
    }
    note.show();
    return true;
  };
  return {
    show: (n) => display(n.title, n.body, buttons ? n.actions.filter((a) => a.id !== 'show') : [], n),
    showMessage: (title, body) => display(title, body, [], null),
  };
}
