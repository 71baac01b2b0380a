// Ghost-timer caps: how long an open time entry may be credited before the sweep closes it.
// The cap is the open limit or the first shift end after the start, whichever comes first, and
// never more than what was measured: the sweep closes AT the cap, it never invents time up to now.

/** Offset of a time zone from UTC at an instant, in ms (Intl only, so it stays pure TS). */
export function zoneOffsetMs(timeZone: string, atMs: number): number {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' }).formatToParts(new Date(atMs));
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return asUtc - Math.floor(atMs / 1000) * 1000;
}

/** The first shift end ("HH:MM" in `timeZone`, default UTC) strictly after `startWallMs`, in ms since the epoch. */
export function nextShiftEnd(startWallMs: number, shiftEndHHMM: string, timeZone = 'UTC'): number {
  const [h, m] = shiftEndHHMM.split(':').map(Number) as [number, number];
  const offset = zoneOffsetMs(timeZone, startWallMs);
  const local = new Date(startWallMs + offset);
  let end = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate(), h, m, 0, 0) - offset;
  if (end <= startWallMs) end += 24 * 3_600_000;
  return end;
}

export interface GhostVerdict {
  close: boolean;
  cause: 'open_limit' | 'shift_end';
  /** Seconds credited to the entry: min(measured, cap). */
  duration_s: number;
}

export function ghostVerdict(args: { measuredS: number; startWallMs: number; nowWallMs: number; limitHours: number; shiftEnd: string | null; timeZone?: string }): GhostVerdict | null {
  const limitS = args.limitHours * 3600;
  const caps: { cause: 'open_limit' | 'shift_end'; capS: number; due: boolean }[] = [{ cause: 'open_limit', capS: limitS, due: args.measuredS >= limitS }];
  if (args.shiftEnd) {
    const end = nextShiftEnd(args.startWallMs, args.shiftEnd, args.timeZone);
    caps.push({ cause: 'shift_end', capS: Math.max(0, (end - args.startWallMs) / 1000), due: args.nowWallMs >= end });
  }
  const due = caps.filter((c) => c.due).sort((a, b) => a.capS - b.capS)[0];
  if (!due) return null;
  return { close: true, cause: due.cause, duration_s: Math.min(args.measuredS, due.capS) };
}
