// The terminal window. Security-relevant preferences are spelled out even where they are
// Electron's defaults, so a future default change (or a copied template: electron-vite's runs
// with sandbox: false) cannot quietly weaken them; the unit tests pin each one. They are written
// inline in the `new BrowserWindow({...})` call on purpose: static scanners (electronegativity)
// read that literal, and a window built from an opaque variable is reported as unchecked.
import type { BrowserWindow as BrowserWindowType, BrowserWindowConstructorOptions } from 'electron';
import type { WindowMode } from '../core/host/terminal-config';

export interface WindowOptionsInput {
  mode: WindowMode;
  width: number;
  height: number;
  preloadPath: string;
  /** Packaged builds never get devtools. */
  packaged: boolean;
  iconPath?: string;
}

type BrowserWindowClass = new (options: BrowserWindowConstructorOptions) => BrowserWindowType;

export function createTerminalWindow(BrowserWindow: BrowserWindowClass, input: WindowOptionsInput): BrowserWindowType {
  const windowed = input.mode === 'windowed';
  return new BrowserWindow({
    width: input.width,
    height: input.height,
    // kiosk: fullscreen and locked (on Windows and Linux Electron's kiosk is only fullscreen;
    // the OS session does the real lockdown: resources/KIOSK-*.md).
    kiosk: input.mode === 'kiosk',
    fullscreen: !windowed,
    fullscreenable: true,
    frame: windowed,
    autoHideMenuBar: true,
    // Shown once the first paint is ready, so the operator never sees a white flash.
    show: false,
    backgroundColor: '#101418',
    title: 'Shop-floor terminal',
    ...(input.iconPath ? { icon: input.iconPath } : {}),
    webPreferences: {
      preload: input.preloadPath,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      devTools: !input.packaged,
      // Middle-click opens links in new windows; there is nothing to open.
      disableBlinkFeatures: 'Auxclick',
    },
  });
}
