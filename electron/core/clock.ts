// The core's view of time. Wall time is for display and for the central's records; the monotonic
// reading is what durations are derived from, so an NTP step or a hand-set clock can never make a
// timer negative or inflated. Tests inject a clock whose wall time jumps.
import { uuidv7 } from '../../shared/domain/uuidv7';

export interface Clock {
  /** Device wall time, ms since the epoch. May jump. */
  wallMs(): number;
  /** Monotonic ms; only comparable within one `bootId`. */
  monoMs(): number;
  /** Identifies this run of the core. */
  readonly bootId: string;
}

export function systemClock(): Clock {
  return { wallMs: () => Date.now(), monoMs: () => performance.now(), bootId: uuidv7() };
}

/** A controllable clock for tests: `advance` moves both readings, `jumpWall` steps only the wall clock. */
export interface ManualClock extends Clock {
  advance(ms: number): void;
  jumpWall(ms: number): void;
}

export function manualClock(startWallMs = Date.UTC(2026, 10, 22, 6, 0, 0), bootId = uuidv7()): ManualClock {
  let wall = startWallMs;
  let mono = 0;
  return {
    bootId,
    wallMs: () => wall,
    monoMs: () => mono,
    advance(ms) {
      wall += ms;
      mono += ms;
    },
    jumpWall(ms) {
      wall += ms;
    },
  };
}
