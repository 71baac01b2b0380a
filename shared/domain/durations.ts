// Duration between two event readings. Within one boot the monotonic readings are exact; across a
// restart only wall time is left, so it is clamped at zero and at a ceiling rather than trusted
// blindly: a clock step may shorten a span we cannot measure, but never makes it negative.
export interface Reading {
  wall_ms: number;
  mono_ms: number;
  boot_id: string;
}

export function durationSeconds(from: Reading, to: Reading, maxAcrossBootS = 24 * 3600): number {
  if (from.boot_id === to.boot_id) return Math.max(0, (to.mono_ms - from.mono_ms) / 1000);
  return Math.min(maxAcrossBootS, Math.max(0, (to.wall_ms - from.wall_ms) / 1000));
}
