// Elapsed time of an open span (time entry or stop), measured from its start reading to now on the
// monotonic clock of the same boot; across a restart only wall time is left, clamped by the rule in
// shared/domain/durations.ts. A wall-clock step therefore never makes a timer negative or inflated.
import { durationSeconds, type Reading } from '../../../shared/domain/durations';
import type { Clock } from '../clock';

export function startReading(startedAtIso: string, startMono: number, startBoot: string): Reading {
  return { wall_ms: Date.parse(startedAtIso), mono_ms: startMono, boot_id: startBoot };
}

export function nowReading(clock: Clock): Reading {
  return { wall_ms: clock.wallMs(), mono_ms: clock.monoMs(), boot_id: clock.bootId };
}

export function elapsedS(clock: Clock, start: Reading, maxAcrossBootHours: number): number {
  return Math.round(durationSeconds(start, nowReading(clock), maxAcrossBootHours * 3600) * 1000) / 1000;
}
