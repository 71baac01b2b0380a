// When the renderer process dies (crash, OOM, killed), the kiosk reloads it with growing delays;
// after too many deaths in a row it shows a local error page instead of a blank or frozen screen,
// and tries the app again from there later. Nothing is lost by a reload: every confirmed action
// is already in the local store, and form drafts are the renderer's to restore.
import type { RenderProcessGoneDetails } from 'electron';

export interface RecoveryTarget {
  on(event: 'render-process-gone', listener: (event: unknown, details: RenderProcessGoneDetails) => void): unknown;
}

export interface RecoveryOptions {
  /** Loads the app again. */
  reload: () => void;
  /** Loads the local error page. */
  showErrorPage: (reason: string) => void;
  /** Delays before each successive reload; once used up, the error page. */
  backoffMs?: readonly number[];
  /** After this long on the error page, try the app again with a fresh backoff. */
  errorPageRetryMs?: number;
  /** A renderer that lived this long resets the backoff. */
  stableAfterMs?: number;
  now?: () => number;
  log?: (line: string) => void;
}

export const DEFAULT_RELOAD_BACKOFF_MS = [1_000, 2_000, 5_000, 10_000, 30_000] as const;

export interface RendererRecovery {
  /** Reloads done since the last stable period. */
  attempts(): number;
  dispose(): void;
}

export function watchRendererCrashes(target: RecoveryTarget, opts: RecoveryOptions): RendererRecovery {
  const backoff = opts.backoffMs ?? DEFAULT_RELOAD_BACKOFF_MS;
  const retryFromError = opts.errorPageRetryMs ?? 5 * 60_000;
  const stableAfter = opts.stableAfterMs ?? 2 * 60_000;
  const now = opts.now ?? Date.now;
  const log = opts.log ?? console.warn;
  let attempts = 0;
  let lastLoadAt = now();
  let timer: NodeJS.Timeout | null = null;
  let disposed = false;

  const schedule = (ms: number, fn: () => void) => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      if (!disposed) fn();
    }, ms);
  };

  target.on('render-process-gone', (_event, details) => {
    if (disposed || details.reason === 'clean-exit') return;
    if (now() - lastLoadAt >= stableAfter) attempts = 0;
    const reason = `${details.reason} (exit code ${details.exitCode})`;
    const delay = backoff[attempts];
    if (delay === undefined) {
      log(`renderer gone: ${reason}; ${attempts} reloads did not help, showing the error page`);
      opts.showErrorPage(reason);
      schedule(retryFromError, () => {
        attempts = 0;
        lastLoadAt = now();
        opts.reload();
      });
      return;
    }
    attempts++;
    log(`renderer gone: ${reason}; reloading in ${delay} ms (attempt ${attempts})`);
    schedule(delay, () => {
      lastLoadAt = now();
      opts.reload();
    });
  });

  return {
    attempts: () => attempts,
    dispose() {
      disposed = true;
      if (timer) clearTimeout(timer);
    },
  };
}

export interface HangTarget {
  on(event: 'unresponsive' | 'responsive', listener: () => void): unknown;
  webContents: { forcefullyCrashRenderer(): void };
}

/**
 * A renderer that stays hung (an endless loop, a wedged GPU process) is crashed on purpose after
 * `graceMs`, which hands it to the crash recovery above: a reload, or the error page. A kiosk
 * that freezes silently is the one failure nobody on the floor can fix.
 */
export function watchUnresponsive(target: HangTarget, graceMs = 30_000, log: (line: string) => void = console.warn): () => void {
  let timer: NodeJS.Timeout | null = null;
  const clear = () => {
    if (timer) clearTimeout(timer);
    timer = null;
  };
  target.on('unresponsive', () => {
    if (timer) return;
    log(`renderer unresponsive; restarting it in ${graceMs} ms unless it recovers`);
    timer = setTimeout(() => {
      timer = null;
      target.webContents.forcefullyCrashRenderer();
    }, graceMs);
  });
  target.on('responsive', clear);
  return clear;
}
