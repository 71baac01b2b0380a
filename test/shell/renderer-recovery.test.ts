// A dying renderer is reloaded with growing delays, then the local error page is shown, and the
// app is tried again later. `electron` is mocked (test/shell/electron-mock.ts): the Electron binary
// cannot exist in this build environment, so 'render-process-gone' is fired by hand.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { watchRendererCrashes, watchUnresponsive } from '../../electron/shell/renderer-recovery';
import { EventEmitter } from 'node:events';
import { FakeWebContents } from './electron-mock';

vi.mock('electron', () => import('./electron-mock'));

describe('renderer crash recovery', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function setup(stableAfterMs = 60_000) {
    const wc = new FakeWebContents();
    const events: string[] = [];
    const rec = watchRendererCrashes(wc, {
      reload: () => events.push(`reload@${Date.now()}`),
      showErrorPage: (reason) => events.push(`error:${reason}`),
      backoffMs: [100, 200, 400],
      errorPageRetryMs: 10_000,
      stableAfterMs,
      log: () => {},
    });
    const crash = (reason = 'crashed') => wc.emit('render-process-gone', {}, { reason, exitCode: 11 });
    return { events, rec, crash };
  }

  it('reloads after each delay in turn, then shows the error page', () => {
    const t0 = Date.now();
    const { events, crash } = setup();
    crash();
    vi.advanceTimersByTime(99);
    expect(events).toEqual([]); // not before the delay
    vi.advanceTimersByTime(1);
    expect(events).toEqual([`reload@${t0 + 100}`]);
    crash('oom');
    vi.advanceTimersByTime(200);
    crash('killed');
    vi.advanceTimersByTime(400);
    expect(events).toEqual([`reload@${t0 + 100}`, `reload@${t0 + 300}`, `reload@${t0 + 700}`]);
    crash();
    expect(events.at(-1)).toBe('error:crashed (exit code 11)');
    vi.advanceTimersByTime(5_000);
    expect(events).toHaveLength(4); // stays on the error page for a while ...
    vi.advanceTimersByTime(5_000);
    expect(events.at(-1)).toBe(`reload@${t0 + 10_700}`); // ... then tries the app again
    crash();
    vi.advanceTimersByTime(100); // with a fresh backoff
    expect(events.at(-1)).toBe(`reload@${t0 + 10_800}`);
  });

  it('a renderer that stayed up long enough starts the backoff again', () => {
    const { events, crash, rec } = setup(1_000);
    crash();
    vi.advanceTimersByTime(100);
    crash();
    vi.advanceTimersByTime(200);
    expect(rec.attempts()).toBe(2);
    vi.advanceTimersByTime(5_000);
    crash();
    expect(rec.attempts()).toBe(1);
    vi.advanceTimersByTime(100);
    expect(events).toHaveLength(3);
  });

  it('ignores a clean exit (the window is closing)', () => {
    const { events, crash } = setup();
    crash('clean-exit');
    vi.advanceTimersByTime(1_000);
    expect(events).toEqual([]);
  });
});

describe('hung renderer', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function hangTarget() {
    const win = new EventEmitter() as EventEmitter & { webContents: { crashes: number; forcefullyCrashRenderer(): void } };
    win.webContents = { crashes: 0, forcefullyCrashRenderer: () => win.webContents.crashes++ };
    watchUnresponsive(win, 1_000, () => {});
    return win;
  }

  it('crashes a renderer that stays unresponsive, so the crash recovery reloads it', () => {
    const win = hangTarget();
    win.emit('unresponsive');
    vi.advanceTimersByTime(999);
    expect(win.webContents.crashes).toBe(0);
    vi.advanceTimersByTime(1);
    expect(win.webContents.crashes).toBe(1);
  });

  it('leaves a renderer alone that recovers in time', () => {
    const win = hangTarget();
    win.emit('unresponsive');
    vi.advanceTimersByTime(500);
    win.emit('responsive');
    vi.advanceTimersByTime(5_000);
    expect(win.webContents.crashes).toBe(0);
  });
});
