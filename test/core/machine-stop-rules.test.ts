// The count watcher's rule for opening a machine stop (electron/core/machine/stop-rules.ts), in the
// case the e2e machine prompt hit under load: the watcher opened a stop at the same monotonic
// reading at which a count was then committed (the count was in flight during the tick) and the
// count ended it. The silence after that count must still get its own stop.
import { describe, expect, it } from 'vitest';
import { shouldOpenStop, type WatchRules } from '../../electron/core/machine/stop-rules';

const rules: WatchRules = { k: 1, defaultIdealCycleS: 60, microStopS: 60 };
const cycle = 45_000;

describe('shouldOpenStop', () => {
  it('opens for the silence after a count that ended a stop begun at the same reading', () => {
    const count = 90_000;
    const silence = { lastCountMono: count, idealCycleS: 45, lastStopStartMono: count, stopOpen: false };
    expect(shouldOpenStop(silence, count + cycle - 1, rules)).toBe(false); // not silent long enough yet
    expect(shouldOpenStop(silence, count + cycle, rules)).toBe(true);
  });

  it('does not reopen a silence a stop already answered, nor while a stop is open', () => {
    const count = 90_000;
    // a stop begun after the last count and ended by a person: the silence needs a new count first
    expect(shouldOpenStop({ lastCountMono: count, idealCycleS: 45, lastStopStartMono: count + cycle, stopOpen: false }, count + 10 * cycle, rules)).toBe(false);
    expect(shouldOpenStop({ lastCountMono: count, idealCycleS: 45, lastStopStartMono: null, stopOpen: true }, count + 10 * cycle, rules)).toBe(false);
    expect(shouldOpenStop({ lastCountMono: null, idealCycleS: 45, lastStopStartMono: null, stopOpen: false }, count + 10 * cycle, rules)).toBe(false);
  });
});
