// Taps and keys count as activity for the core's idle lock, not only commands: an operator who
// only browses (reads the queue, opens an operation) must not be locked out mid-look. The core
// owns the timer; this module reports activity with 'session.touch', paced so a busy screen sends
// at most one touch per interval (never one per tap) and always well inside the idle timeout.
import { terminalApi } from '../api/terminal-api';

/** At most one touch per this long; shortened to a third of the idle timeout once the core says it. */
const MAX_INTERVAL_MS = 20_000;

let started = false;

export function startActivityTouch(): void {
  if (started) return;
  started = true;
  let interval = MAX_INTERVAL_MS;
  let lastSent = -Infinity;
  let inFlight = false;
  const onActivity = () => {
    const now = performance.now();
    if (inFlight || now - lastSent < interval) return;
    lastSent = now;
    inFlight = true;
    void terminalApi()
      .command('session.touch', {})
      .then((r) => {
        if (r.ok) interval = Math.min(MAX_INTERVAL_MS, (r.value.idle_lock_s * 1000) / 3);
      })
      .finally(() => {
        inFlight = false;
      });
  };
  // capture phase: a button that stops propagation still counts as a tap
  window.addEventListener('pointerdown', onActivity, { capture: true, passive: true });
  window.addEventListener('keydown', onActivity, { capture: true, passive: true });
}
