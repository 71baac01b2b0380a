// Idle lock: after a quiet period the renderer asks the core to lock ('session.lock'); the core's
// session state says whether the screen is locked, so there is one answer for every window. The
// lock covers the app without unmounting it: forms, drafts and timers survive it.
import { create } from 'zustand';
import { terminalApi } from '../api/terminal-api';
import { refreshAreas } from './query-store';

interface IdleStore {
  /** Quiet time before the lock, ms. Tests shorten it. */
  idleMs: number;
  lastActivity: number;
  setIdleMs(ms: number): void;
}

export const useIdle = create<IdleStore>((set) => ({
  idleMs: 5 * 60_000,
  lastActivity: Date.now(),
  setIdleMs: (idleMs) => set({ idleMs, lastActivity: Date.now() }),
}));

/** Starts the watcher; `shouldWatch` is true while someone is logged in and the screen is open. */
export function startIdleWatch(shouldWatch: () => boolean): () => void {
  const onActivity = () => useIdle.setState({ lastActivity: Date.now() });
  const events = ['pointerdown', 'keydown'] as const;
  for (const e of events) window.addEventListener(e, onActivity, { capture: true, passive: true });
  let locking = false;
  const timer = window.setInterval(() => {
    const s = useIdle.getState();
    if (locking || !shouldWatch() || Date.now() - s.lastActivity < s.idleMs) return;
    locking = true;
    void terminalApi()
      .command('session.lock', {})
      .then(() => refreshAreas(['session']))
      .finally(() => {
        locking = false;
        useIdle.setState({ lastActivity: Date.now() });
      });
  }, 500);
  return () => {
    window.clearInterval(timer);
    for (const e of events) window.removeEventListener(e, onActivity, { capture: true });
  };
}
