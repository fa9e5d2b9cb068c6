import { isAppUrl } from './app-url.js';

export type IpcSender = Readonly<{
  /** `event.senderFrame?.url`; missing when the frame has been destroyed or navigated away. */
  senderFrameUrl: string | null | undefined;
  /** Whether the sending frame is its page's main frame (`senderFrame === sender.mainFrame`). */
  isMainFrame: boolean;
  /** `event.sender.id`. */
  senderId: number;
  /** The webContents id of Berth's own window; undefined before the window exists. */
  trustedWebContentsId: number | undefined;
}>;

/**
 * Whether an IPC message may run a command: it must come from Berth's own window, from its main frame,
 * while that frame shows Berth's page. Each condition covers a different way in: another window or a
 * devtools page (id), an iframe or a frame that navigated elsewhere (main frame + URL).
 * Electron security checklist, "Validate the sender of all IPC messages".
 */
export function isTrustedSender({ senderFrameUrl, isMainFrame, senderId, trustedWebContentsId }: IpcSender): boolean {
  return (
    trustedWebContentsId !== undefined && senderId === trustedWebContentsId && isMainFrame && isAppUrl(senderFrameUrl)
  );
}
