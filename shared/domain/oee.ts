// Live OEE maths (issue 6.5), pure. OEE = availability × performance × quality, each also shown.
//
// Time in a window (a shift, or any span the caller picks) is split by what each stop's reason
// group says it is (Kartorium's oee_downtime_groups types); a stop without a reason is unplanned.
// Where stops overlap, each instant counts once, as the first of idle > planned > unplanned.
//   E = elapsed window time (up to now for a running shift)
//   I = idle (no demand / not scheduled), P = planned downtime, U = unplanned downtime
//   run time R = E − I − P − U
// Availability modes (Kartorium's oee_sites availability mode):
//   standard: A = R / (E − I − P)   run time over planned production time; planned downtime is
//             taken out of the base, so a planned changeover costs no availability.
//   strict:   A = R / (E − I)       run time over scheduled shift time; planned downtime counts
//             as a loss.
//   teep:     A = R / E             OEE over all calendar time: idle and planned time are losses
//             too. Pass a calendar window (e.g. the whole day) for a true TEEP figure.
// Performance = ideal output time / (R × parallel resources), where ideal output time is
//   Σ count × ideal cycle time of the resource that counted. Not capped: a figure above 1 means
//   the ideal cycle time is wrong, and hiding that would hide the error.
// Quality = good / (good + scrap + rework) of the quantities reported in the window.
// A component without a base (no run time, no counts, nothing reported) is null, and so is OEE.
import type { AvailabilityMode, DowntimeGroupType } from './enums';

export interface OeeStop {
  startMs: number;
  endMs: number;
  type: DowntimeGroupType;
}

export interface OeeInput {
  startMs: number;
  endMs: number;
  mode: AvailabilityMode;
  stops: OeeStop[];
  /** Σ count × ideal cycle time, in seconds. */
  idealOutputS: number;
  totalCount: number;
  /** Resources working in parallel in the cell (at least 1). */
  parallelResources: number;
  good: number;
  scrap: number;
  rework: number;
}

export interface OeeResult {
  mode: AvailabilityMode;
  elapsed_s: number;
  idle_s: number;
  planned_downtime_s: number;
  unplanned_downtime_s: number;
  run_s: number;
  availability_base_s: number;
  total_count: number;
  good: number;
  availability: number | null;
  performance: number | null;
  quality: number | null;
  oee: number | null;
}

const PRIORITY: readonly DowntimeGroupType[] = ['idle', 'planned', 'unplanned'];

/** Seconds of each stop type inside [start, end), each instant counted once by priority. */
export function downtimeByType(startMs: number, endMs: number, stops: OeeStop[]): Record<DowntimeGroupType, number> {
  const clipped = stops
    .map((s) => ({ ...s, startMs: Math.max(s.startMs, startMs), endMs: Math.min(s.endMs, endMs) }))
    .filter((s) => s.endMs > s.startMs);
  const bounds = [...new Set(clipped.flatMap((s) => [s.startMs, s.endMs]))].sort((a, b) => a - b);
  const out: Record<DowntimeGroupType, number> = { idle: 0, planned: 0, unplanned: 0 };
  for (let i = 0; i + 1 < bounds.length; i++) {
    const a = bounds[i]!;
    const b = bounds[i + 1]!;
    const here = clipped.filter((s) => s.startMs <= a && s.endMs >= b).map((s) => s.type);
    const t = PRIORITY.find((p) => here.includes(p));
    if (t) out[t] += (b - a) / 1000;
  }
  return out;
}

const ratio = (num: number, den: number): number | null => (den > 0 ? num / den : null);

export function computeOee(input: OeeInput): OeeResult {
  const elapsed = Math.max(0, (input.endMs - input.startMs) / 1000);
  const d = downtimeByType(input.startMs, input.endMs, input.stops);
  const run = Math.max(0, elapsed - d.idle - d.planned - d.unplanned);
  const base = input.mode === 'standard' ? elapsed - d.idle - d.planned : input.mode === 'strict' ? elapsed - d.idle : elapsed;
  const availability = ratio(run, base);
  const performance = input.totalCount > 0 ? ratio(input.idealOutputS, run * Math.max(1, input.parallelResources)) : null;
  const produced = input.good + input.scrap + input.rework;
  const quality = ratio(input.good, produced);
  const oee = availability !== null && performance !== null && quality !== null ? availability * performance * quality : null;
  return {
    mode: input.mode,
    elapsed_s: elapsed,
    idle_s: d.idle,
    planned_downtime_s: d.planned,
    unplanned_downtime_s: d.unplanned,
    run_s: run,
    availability_base_s: Math.max(0, base),
    total_count: input.totalCount,
    good: input.good,
    availability,
    performance,
    quality,
    oee,
  };
}

/** The shift (UTC HH:MM boundaries, in order) that contains `nowMs`, as [start, end) in ms. */
export function currentShift(nowMs: number, shiftStartsUtc: readonly string[]): { startMs: number; endMs: number } {
  const day = Date.UTC(new Date(nowMs).getUTCFullYear(), new Date(nowMs).getUTCMonth(), new Date(nowMs).getUTCDate());
  const mins = shiftStartsUtc.map((s) => Number(s.slice(0, 2)) * 60 + Number(s.slice(3, 5))).sort((a, b) => a - b);
  if (mins.length === 0) return { startMs: day, endMs: day + 86_400_000 };
  // Candidate starts yesterday, today and tomorrow; the shift is the last start not after now.
  const starts = [-1, 0, 1].flatMap((dd) => mins.map((m) => day + dd * 86_400_000 + m * 60_000));
  const i = starts.findLastIndex((s) => s <= nowMs);
  return { startMs: starts[i]!, endMs: starts[i + 1]! };
}
