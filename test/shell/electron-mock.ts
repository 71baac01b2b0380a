// A stand-in for the `electron` module. The Electron binary cannot exist in this build
// environment (it cannot be downloaded), so the shell's unit tests run against this fake, as
// electron/fiddle's tests do: it records what the shell asked of Electron (window options,
// handlers, loads) and lets a test fire the events Electron would fire. utilityProcess.fork is
// the one part that is real underneath: it forks the actual host module with Node's
// child_process, so IPC reaches a real terminal host.
import { fork as forkChild, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';

type Handler = (...args: never[]) => unknown;

export class FakeWebContents extends EventEmitter {
  url = '';
  sent: Array<{ channel: string; args: unknown[] }> = [];
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  devToolsClosed = 0;
  getURL(): string {
    return this.url;
  }
  send(channel: string, ...args: unknown[]): void {
    this.sent.push({ channel, args });
  }
  setWindowOpenHandler(h: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = h;
  }
  closeDevTools(): void {
    this.devToolsClosed++;
  }
  zoomLimits: [number, number] | null = null;
  setVisualZoomLevelLimits(min: number, max: number): Promise<void> {
    this.zoomLimits = [min, max];
    return Promise.resolve();
  }
  forcefullyCrashRenderer(): void {
    this.emit('render-process-gone', {}, { reason: 'killed', exitCode: 9 });
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static all: FakeBrowserWindow[] = [];
  static getAllWindows(): FakeBrowserWindow[] {
    return FakeBrowserWindow.all;
  }
  readonly webContents = new FakeWebContents();
  loads: string[] = [];
  shown = false;
  constructor(readonly options: Record<string, unknown>) {
    super();
    FakeBrowserWindow.all.push(this);
    state.app.emit('web-contents-created', {}, this.webContents);
  }
  loadURL(url: string): Promise<void> {
    this.loads.push(url);
    this.webContents.url = url;
    return Promise.resolve();
  }
  loadFile(file: string): Promise<void> {
    return this.loadURL(`file://${file}`);
  }
  show(): void {
    this.shown = true;
  }
  isDestroyed(): boolean {
    return false;
  }
  isMinimized(): boolean {
    return false;
  }
  restore(): void {}
  focus(): void {}
}

class FakeApp extends EventEmitter {
  isPackaged = true;
  singleInstance = true;
  quitCalls = 0;
  private ready!: () => void;
  private readonly readyPromise = new Promise<void>((r) => (this.ready = r));
  sandboxEnabled = false;
  enableSandbox(): void {
    this.sandboxEnabled = true;
  }
  requestSingleInstanceLock(): boolean {
    return this.singleInstance;
  }
  quit(): void {
    this.quitCalls++;
  }
  exit(): void {}
  whenReady(): Promise<void> {
    return this.readyPromise;
  }
  fireReady(): void {
    this.ready();
  }
}

interface FakeSession {
  permissionRequest: Handler | null;
  permissionCheck: Handler | null;
  devicePermission: Handler | null;
  displayMedia: Handler | null;
  headersReceived: Handler | null;
}

export interface ForkedUtility extends EventEmitter {
  child: ChildProcess;
  postMessage(msg: unknown): void;
  kill(): boolean;
}

export const state = {
  app: new FakeApp(),
  ipcHandlers: new Map<string, Handler>(),
  schemes: [] as unknown[],
  protocolHandlers: new Map<string, (req: { url: string }) => Promise<Response>>(),
  session: { permissionRequest: null, permissionCheck: null, devicePermission: null, displayMedia: null, headersReceived: null } as FakeSession,
  powerSaveBlockers: [] as string[],
  forked: [] as ForkedUtility[],
  applicationMenus: [] as unknown[],
  exposed: [] as { key: string; api: unknown }[],
  /** Extra argv for forked hosts (tests point them at the TS entry through tsx). */
  forkExecArgv: ['--import', 'tsx'],
};

export const app = state.app;
export const BrowserWindow = FakeBrowserWindow;
export const ipcMain = {
  handle: (channel: string, h: Handler) => state.ipcHandlers.set(channel, h),
  removeHandler: (channel: string) => state.ipcHandlers.delete(channel),
};
export const protocol = {
  registerSchemesAsPrivileged: (schemes: unknown[]) => state.schemes.push(...schemes),
  handle: (scheme: string, h: (req: { url: string }) => Promise<Response>) => state.protocolHandlers.set(scheme, h),
};
export const session = {
  defaultSession: {
    setPermissionRequestHandler: (h: Handler) => (state.session.permissionRequest = h),
    setPermissionCheckHandler: (h: Handler) => (state.session.permissionCheck = h),
    setDevicePermissionHandler: (h: Handler) => (state.session.devicePermission = h),
    setDisplayMediaRequestHandler: (h: Handler) => (state.session.displayMedia = h),
    webRequest: { onHeadersReceived: (h: Handler) => (state.session.headersReceived = h) },
  },
};
export const powerSaveBlocker = {
  start: (type: string) => state.powerSaveBlockers.push(type),
};
export const dialog = { showErrorBox: () => {} };
export const contextBridge = {
  exposeInMainWorld: (key: string, api: unknown) => state.exposed.push({ key, api }),
};
export const ipcRenderer = {
  invoke: (channel: string, ...args: unknown[]) => Promise.resolve({ ok: true, value: { channel, args } }),
  on: () => ipcRenderer,
  removeListener: () => ipcRenderer,
  send: () => {
    throw new Error('the preload must not use ipcRenderer.send');
  },
};
export const Menu = {
  setApplicationMenu: (menu: unknown) => state.applicationMenus.push(menu),
};
export const utilityProcess = {
  fork(modulePath: string, args: string[], options: { env: NodeJS.ProcessEnv }): ForkedUtility {
    const child = forkChild(modulePath, args, { env: options.env, execArgv: state.forkExecArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const emitter = new EventEmitter() as ForkedUtility;
    emitter.child = child;
    emitter.postMessage = (msg) => {
      if (child.connected) child.send(msg as object);
    };
    emitter.kill = () => child.kill();
    child.on('message', (m) => emitter.emit('message', m));
    child.on('exit', (code) => emitter.emit('exit', code ?? 1));
    state.forked.push(emitter);
    return emitter;
  },
};

const electron = { app, BrowserWindow, ipcMain, Menu, protocol, session, powerSaveBlocker, dialog, utilityProcess };
export default electron;
