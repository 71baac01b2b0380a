// OEE maths against hand-computed examples, including planned downtime in each availability mode.
import { describe, expect, it } from 'vitest';
import { computeOee, currentShift, downtimeByType, type OeeInput } from '../../shared/domain/oee';

const H = 3_600_000;
const M = 60_000;
const t0 = Date.UTC(2026, 10, 22, 6, 0);

// An 8 h shift: 30 min planned (a changeover), 60 min unplanned, ideal cycle 60 s, 300 counted,
// 285 good, 10 scrap, 5 rework.
const base: OeeInput = {
  startMs: t0,
  endMs: t0 + 8 * H,
  mode: 'standard',
  stops: [
    { startMs: t0 + 1 * H, endMs: t0 + 1 * H + 30 * M, type: 'planned' },
    { startMs: t0 + 3 * H, endMs: t0 + 4 * H, type: 'unplanned' },
  ],
  idealOutputS: 300 * 60,
  totalCount: 300,
  parallelResources: 1,
  good: 285,
  scrap: 10,
  rework: 5,
};

describe('computeOee', () => {
  it('standard: run time over planned production time', () => {
    // E = 480 min, P = 30, U = 60, R = 390; base = 450; A = 390/450; perf = 300 min / 390 min; Q = 285/300
    const r = computeOee(base);
    expect(r.run_s).toBe(390 * 60);
    expect(r.availability).toBeCloseTo(390 / 450, 10);
    expect(r.performance).toBeCloseTo(300 / 390, 10);
    expect(r.quality).toBeCloseTo(0.95, 10);
    expect(r.oee).toBeCloseTo((390 / 450) * (300 / 390) * 0.95, 10);
  });

  it('strict: planned downtime counts as a loss', () => {
    const r = computeOee({ ...base, mode: 'strict' });
    expect(r.availability).toBeCloseTo(390 / 480, 10);
    expect(r.oee).toBeCloseTo((390 / 480) * (300 / 390) * 0.95, 10);
  });

  it('teep: over all calendar time, idle included', () => {
    // A 24 h calendar window with the 8 h shift and 16 h idle (not scheduled).
    const day = {
      ...base,
      mode: 'teep' as const,
      endMs: t0 + 24 * H,
      stops: [...base.stops, { startMs: t0 + 8 * H, endMs: t0 + 24 * H, type: 'idle' as const }],
    };
    const r = computeOee(day);
    expect(r.idle_s).toBe(16 * 3600);
    expect(r.availability).toBeCloseTo(390 / 1440, 10);
    // Standard over the same window ignores the idle time and the planned stop.
    expect(computeOee({ ...day, mode: 'standard' }).availability).toBeCloseTo(390 / 450, 10);
    expect(computeOee({ ...day, mode: 'strict' }).availability).toBeCloseTo(390 / 480, 10);
  });

  it('counts overlapping stops once, by priority, and clips to the window', () => {
    const d = downtimeByType(t0, t0 + 2 * H, [
      { startMs: t0 - H, endMs: t0 + 30 * M, type: 'unplanned' }, // 30 min inside
      { startMs: t0 + 20 * M, endMs: t0 + 50 * M, type: 'planned' }, // overlaps 10 min
      { startMs: t0 + 90 * M, endMs: t0 + 3 * H, type: 'unplanned' }, // 30 min inside
    ]);
    expect(d).toEqual({ idle: 0, planned: 30 * 60, unplanned: 50 * 60 });
  });

  it('gives null components where there is no base', () => {
    const r = computeOee({ ...base, totalCount: 0, idealOutputS: 0, good: 0, scrap: 0, rework: 0 });
    expect(r.performance).toBeNull();
    expect(r.quality).toBeNull();
    expect(r.oee).toBeNull();
    expect(r.availability).not.toBeNull();
  });

  it('shares ideal output over parallel resources', () => {
    expect(computeOee({ ...base, parallelResources: 2 }).performance).toBeCloseTo(300 / 780, 10);
  });
});

describe('currentShift', () => {
  it('finds the shift containing now, including one that crosses midnight', () => {
    const starts = ['06:00', '14:00', '22:00'];
    expect(currentShift(Date.UTC(2026, 10, 22, 7, 15), starts)).toEqual({ startMs: Date.UTC(2026, 10, 22, 6), endMs: Date.UTC(2026, 10, 22, 14) });
    expect(currentShift(Date.UTC(2026, 10, 22, 3, 0), starts)).toEqual({ startMs: Date.UTC(2026, 10, 21, 22), endMs: Date.UTC(2026, 10, 22, 6) });
    expect(currentShift(Date.UTC(2026, 10, 22, 23, 0), starts)).toEqual({ startMs: Date.UTC(2026, 10, 22, 22), endMs: Date.UTC(2026, 10, 23, 6) });
  });
});
