// Kiosk lockdown inside Electron (the OS-level part is in resources/KIOSK-*.md):
// - no navigation, no redirects, no new windows, no <webview>: the app is one page;
// - every permission denied except the camera (media, video only) for issue photos, and only for
//   the app's own main frame; no device pickers (USB/HID/serial), no screen capture;
// - the CSP on every response, whatever served it;
// - when packaged: no devtools, no reload, no zoom shortcuts.
import type { Input, Session, WebContents } from 'electron';
import { isAppUrl } from './app-origin';
import { CONTENT_SECURITY_POLICY } from './csp';

export interface LockdownOptions {
  packaged: boolean;
  log?: (line: string) => void;
}

/** Navigation and window rules for every WebContents the app creates (wired to `web-contents-created`). */
export function lockDownContents(contents: WebContents, opts: LockdownOptions): void {
  const log = opts.log ?? console.warn;
  const deny = (what: string) => (event: { preventDefault(): void }, url: string) => {
    event.preventDefault();
    log(`lockdown: denied ${what} to ${url}`);
  };
  // The main process loads pages with loadURL/loadFile; nothing the page does may change them.
  contents.on('will-navigate', deny('navigation'));
  contents.on('will-frame-navigate', (e) => {
    e.preventDefault();
    log(`lockdown: denied frame navigation to ${e.url}`);
  });
  contents.on('will-redirect', deny('redirect'));
  contents.on('will-attach-webview', (e) => {
    e.preventDefault();
    log('lockdown: denied a <webview>');
  });
  contents.setWindowOpenHandler(({ url }) => {
    log(`lockdown: denied a new window for ${url}`);
    return { action: 'deny' };
  });
  if (opts.packaged) {
    contents.on('before-input-event', (event, input) => {
      if (isBlockedShortcut(input)) event.preventDefault();
    });
    contents.on('devtools-opened', () => contents.closeDevTools());
  }
}

/** Reload, hard reload, devtools, view-source and zoom shortcuts (all platforms' spellings). */
export function isBlockedShortcut(input: Pick<Input, 'type' | 'key' | 'control' | 'meta' | 'shift' | 'alt'>): boolean {
  if (input.type !== 'keyDown') return false;
  const key = input.key.toLowerCase();
  const mod = input.control || input.meta;
  if (key === 'f5' || key === 'f12' || key === 'f11') return true;
  if (mod && (key === 'r' || key === 'u' || key === '+' || key === '=' || key === '-' || key === '0')) return true;
  if (mod && input.shift && (key === 'i' || key === 'j' || key === 'c')) return true;
  if (input.meta && input.alt && key === 'i') return true; // macOS devtools
  return false;
}

type PermissionDetails = { requestingUrl?: string; isMainFrame: boolean; mediaTypes?: Array<'video' | 'audio'> };

/** The request handler's decision: camera (video only) for the app's main frame, nothing else. */
export function allowPermissionRequest(permission: string, details: PermissionDetails): boolean {
  if (permission !== 'media') return false;
  if (!details.isMainFrame || !isAppUrl(details.requestingUrl)) return false;
  const types = details.mediaTypes ?? [];
  return types.length > 0 && types.every((t) => t === 'video');
}

/** The check handler's decision (Chromium asks this before requesting, e.g. for enumerateDevices). */
export function allowPermissionCheck(permission: string, details: { requestingUrl?: string; securityOrigin?: string; isMainFrame: boolean; mediaType?: string }): boolean {
  if (permission !== 'media' || details.mediaType !== 'video' || !details.isMainFrame) return false;
  return isAppUrl(details.requestingUrl ?? details.securityOrigin);
}

export function lockDownSession(session: Session, opts: LockdownOptions): void {
  const log = opts.log ?? console.warn;
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    const allowed = allowPermissionRequest(permission, details as PermissionDetails);
    if (!allowed) log(`lockdown: denied permission ${permission} for ${details.requestingUrl}`);
    callback(allowed);
  });
  session.setPermissionCheckHandler((_contents, permission, _origin, details) => allowPermissionCheck(permission, details));
  session.setDevicePermissionHandler(() => false);
  session.setDisplayMediaRequestHandler((_request, callback) => callback({}));
  // Every response gets the CSP, including anything not served by the app:// handler.
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
}
