// Window options, navigation and window-open denial, the permission handlers, shortcuts and the
// CSP. `electron` is mocked (test/shell/electron-mock.ts): the Electron binary cannot exist in
// this build environment, so the shell's calls into Electron are recorded and its events fired by hand.
import { describe, expect, it, vi } from 'vitest';
import { FakeWebContents } from './electron-mock';
import { createTerminalWindow, type WindowOptionsInput } from '../../electron/shell/window-options';
import { FakeBrowserWindow } from './electron-mock';
import type { BrowserWindowConstructorOptions } from 'electron';

// The options the shell hands to `new BrowserWindow`, as the (mocked) constructor received them.
function buildWindowOptions(input: WindowOptionsInput): BrowserWindowConstructorOptions {
  const win = createTerminalWindow(FakeBrowserWindow as never, input) as unknown as FakeBrowserWindow;
  return win.options as BrowserWindowConstructorOptions;
}
import { allowPermissionCheck, allowPermissionRequest, isBlockedShortcut, lockDownContents, lockDownSession } from '../../electron/shell/lockdown';
import { CONTENT_SECURITY_POLICY } from '../../electron/shell/csp';
import { state, session } from './electron-mock';
import type { Session, WebContents } from 'electron';

vi.mock('electron', () => import('./electron-mock'));

const APP = 'app://terminal/index.html';

describe('window options', () => {
  const base = { width: 1280, height: 800, preloadPath: '/x/preload.cjs' };

  it('sandboxes the renderer with context isolation and no Node, in every mode', () => {
    for (const mode of ['kiosk', 'fullscreen', 'windowed'] as const) {
      const wp = buildWindowOptions({ ...base, mode, packaged: true }).webPreferences!;
      expect(wp).toMatchObject({
        sandbox: true,
        contextIsolation: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        nodeIntegrationInSubFrames: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        webviewTag: false,
        experimentalFeatures: false,
        navigateOnDragDrop: false,
        preload: '/x/preload.cjs',
      });
    }
  });

  it('kiosk is locked fullscreen, fullscreen is not kiosk, windowed has a frame', () => {
    expect(buildWindowOptions({ ...base, mode: 'kiosk', packaged: true })).toMatchObject({ kiosk: true, fullscreen: true, frame: false });
    expect(buildWindowOptions({ ...base, mode: 'fullscreen', packaged: true })).toMatchObject({ kiosk: false, fullscreen: true });
    expect(buildWindowOptions({ ...base, mode: 'windowed', packaged: false })).toMatchObject({ kiosk: false, fullscreen: false, frame: true, width: 1280, height: 800 });
  });

  it('devtools only in unpackaged (developer) builds', () => {
    expect(buildWindowOptions({ ...base, mode: 'kiosk', packaged: true }).webPreferences!.devTools).toBe(false);
    expect(buildWindowOptions({ ...base, mode: 'windowed', packaged: false }).webPreferences!.devTools).toBe(true);
  });
});

describe('navigation and new windows', () => {
  function locked(packaged = true) {
    const wc = new FakeWebContents();
    const log: string[] = [];
    lockDownContents(wc as unknown as WebContents, { packaged, log: (l) => log.push(l) });
    return { wc, log };
  }

  it('denies every navigation and redirect, even to the app origin', () => {
    const { wc, log } = locked();
    for (const [event, url] of [
      ['will-navigate', 'https://evil.example/'],
      ['will-navigate', 'file:///etc/passwd'],
      ['will-navigate', APP],
      ['will-redirect', 'https://evil.example/'],
    ] as const) {
      const preventDefault = vi.fn();
      wc.emit(event, { preventDefault }, url);
      expect(preventDefault, `${event} ${url}`).toHaveBeenCalledOnce();
    }
    const frameNav = vi.fn();
    wc.emit('will-frame-navigate', { preventDefault: frameNav, url: 'https://evil.example/' });
    expect(frameNav).toHaveBeenCalledOnce();
    expect(log.join('\n')).toContain('denied navigation to https://evil.example/');
  });

  it('denies new windows and webviews', () => {
    const { wc } = locked();
    expect(wc.windowOpenHandler!({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(wc.windowOpenHandler!({ url: APP })).toEqual({ action: 'deny' });
    const preventDefault = vi.fn();
    wc.emit('will-attach-webview', { preventDefault }, {}, {});
    expect(preventDefault).toHaveBeenCalledOnce();
  });

  it('blocks reload and devtools shortcuts and closes devtools when packaged', () => {
    const { wc } = locked(true);
    const key = (k: string, mods: Partial<Record<'control' | 'shift' | 'meta' | 'alt', boolean>> = {}) => {
      const preventDefault = vi.fn();
      wc.emit('before-input-event', { preventDefault }, { type: 'keyDown', key: k, control: false, shift: false, meta: false, alt: false, ...mods });
      return preventDefault.mock.calls.length === 1;
    };
    expect(key('F5')).toBe(true);
    expect(key('r', { control: true })).toBe(true);
    expect(key('R', { control: true, shift: true })).toBe(true);
    expect(key('I', { control: true, shift: true })).toBe(true);
    expect(key('F12')).toBe(true);
    expect(key('5')).toBe(false);
    expect(key('Enter')).toBe(false);
    wc.emit('devtools-opened');
    expect(wc.devToolsClosed).toBe(1);
  });

  it('leaves the shortcuts alone in a developer (unpackaged) build', () => {
    const { wc } = locked(false);
    expect(wc.listenerCount('before-input-event')).toBe(0);
    expect(isBlockedShortcut({ type: 'keyUp', key: 'F5', control: false, meta: false, shift: false, alt: false })).toBe(false);
  });
});

describe('permissions', () => {
  const main = { requestingUrl: APP, isMainFrame: true };

  it('allows only the camera (video, no audio) for the app main frame', () => {
    expect(allowPermissionRequest('media', { ...main, mediaTypes: ['video'] })).toBe(true);
    expect(allowPermissionRequest('media', { ...main, mediaTypes: ['audio'] })).toBe(false);
    expect(allowPermissionRequest('media', { ...main, mediaTypes: ['video', 'audio'] })).toBe(false);
    expect(allowPermissionRequest('media', { ...main, mediaTypes: [] })).toBe(false);
    expect(allowPermissionRequest('media', { requestingUrl: 'https://evil.example/', isMainFrame: true, mediaTypes: ['video'] })).toBe(false);
    expect(allowPermissionRequest('media', { ...main, isMainFrame: false, mediaTypes: ['video'] })).toBe(false);
    for (const p of ['geolocation', 'notifications', 'clipboard-read', 'display-capture', 'fullscreen', 'openExternal', 'midi', 'hid', 'serial', 'usb']) {
      expect(allowPermissionRequest(p, { ...main, mediaTypes: ['video'] }), p).toBe(false);
    }
  });

  it('the session handlers apply the same rule, deny devices and screen capture, and add the CSP', () => {
    lockDownSession(session.defaultSession as unknown as Session, { packaged: true, log: () => {} });
    const decide = (permission: string, details: object) => {
      let answer: boolean | undefined;
      (state.session.permissionRequest as unknown as (...a: unknown[]) => void)(null, permission, (ok: boolean) => (answer = ok), details);
      return answer;
    };
    expect(decide('media', { ...main, mediaTypes: ['video'] })).toBe(true);
    expect(decide('media', { ...main, mediaTypes: ['audio'] })).toBe(false);
    expect(decide('geolocation', main)).toBe(false);
    const check = state.session.permissionCheck as unknown as (...a: unknown[]) => boolean;
    expect(check(null, 'media', 'app://terminal', { ...main, mediaType: 'video' })).toBe(true);
    expect(check(null, 'media', 'app://terminal', { ...main, mediaType: 'audio' })).toBe(false);
    expect(check(null, 'notifications', 'app://terminal', main)).toBe(false);
    expect(allowPermissionCheck('media', { securityOrigin: 'https://evil.example', isMainFrame: true, mediaType: 'video' })).toBe(false);
    expect((state.session.devicePermission as unknown as () => boolean)()).toBe(false);
    let streams: unknown = 'unset';
    (state.session.displayMedia as unknown as (r: unknown, cb: (s: unknown) => void) => void)({}, (s) => (streams = s));
    expect(streams).toEqual({});
    let headers: Record<string, string[]> = {};
    (state.session.headersReceived as unknown as (d: unknown, cb: (r: { responseHeaders: Record<string, string[]> }) => void) => void)(
      { responseHeaders: { 'Content-Type': ['text/html'] } },
      (r) => (headers = r.responseHeaders),
    );
    expect(headers['Content-Security-Policy']).toEqual([CONTENT_SECURITY_POLICY]);
    expect(headers['Content-Type']).toEqual(['text/html']);
  });
});

describe('content security policy', () => {
  const directives = new Map(CONTENT_SECURITY_POLICY.split(';').map((d) => {
    const [name, ...values] = d.trim().split(/\s+/);
    return [name!, values] as const;
  }));

  it('runs only the app\'s own scripts: no inline, no eval, no remote origins', () => {
    expect(directives.get('default-src')).toEqual(["'none'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('base-uri')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(directives.get('connect-src')).toEqual(["'self'"]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|https?:|\*/);
  });

  it('lets the camera preview and photos render (blob/mediastream)', () => {
    expect(directives.get('media-src')).toEqual(expect.arrayContaining(['blob:', 'mediastream:']));
    expect(directives.get('img-src')).toEqual(expect.arrayContaining(['blob:', 'data:']));
  });
});
