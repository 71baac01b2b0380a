// Every IPC message is checked for who sent it before it reaches the core: it must come from the
// main frame of a page on the app's own origin. An iframe, a page that somehow navigated away, or
// a frame that is already gone is refused, so even a compromised or foreign page in a window
// cannot drive the terminal (the pattern electron/fiddle and Electron's security guide use).
import type { WebFrameMain } from 'electron';
import { isAppUrl } from './app-origin';

/** The part of WebFrameMain the check reads (structural, so the check is testable on its own). */
export type SenderFrame = Pick<WebFrameMain, 'url' | 'parent'>;

export function isTrustedSender(frame: SenderFrame | null | undefined): boolean {
  if (!frame) return false; // the frame navigated or was destroyed before the message was handled
  if (frame.parent !== null) return false; // only the main frame speaks for the app
  return isAppUrl(frame.url);
}
