// Wrong-PIN lockout state, read from the pin_lockouts projection. An admin can clear a lockout
// centrally by setting profiles.lockout_cleared_at (when the pulled schema has that column); a
// clearing newer than the last failure counts as an unlock.
// A lockout is timed like a duration (local migration 039): on the monotonic clock within the boot
// it started in, so a wall-clock step neither frees nor stretches it; after a restart, where only
// wall time is comparable, by locked_until.
import type Database from 'better-sqlite3';
import type { Clock } from '../clock';
import { sql } from '../store/statements';

export interface LockoutRow {
  failures: number;
  last_failure_at: string;
  locked_until: string | null;
  /** Absent on a store below local migration 039: the wall-time rule applies. */
  locked_boot?: string | null;
  locked_mono?: number | null;
  lock_ms?: number | null;
}

const hasClearedColumn = new WeakMap<Database.Database, boolean>();

function clearedColumnExists(db: Database.Database): boolean {
  let v = hasClearedColumn.get(db);
  if (v === undefined) {
    v = (db.prepare('PRAGMA table_info(profiles)').all() as { name: string }[]).some((c) => c.name === 'lockout_cleared_at');
    hasClearedColumn.set(db, v);
  }
  return v;
}

export function readLockout(db: Database.Database, profileId: string): LockoutRow | undefined {
  // Every column: a store below 039 (the upgrade tests run today's core on one) has no monotonic reading.
  return sql(db, 'SELECT * FROM pin_lockouts WHERE profile_id = ?').get(profileId) as LockoutRow | undefined;
}

/** True when an admin cleared the lockout centrally after the last failure. */
export function clearedCentrally(db: Database.Database, profileId: string, row: LockoutRow): boolean {
  if (!clearedColumnExists(db)) return false;
  const r = db.prepare('SELECT lockout_cleared_at AS c FROM profiles WHERE id = ?').get(profileId) as { c: string | null } | undefined;
  return !!r?.c && Date.parse(r.c) >= Date.parse(row.last_failure_at);
}

export type LockoutStatus = { locked: false; failures: number; clearedCentrally: boolean } | { locked: true; until: string };

/** Milliseconds of lockout left now (0 or less: over). */
function lockoutLeftMs(row: LockoutRow, clock: Clock): number {
  if (!row.locked_until) return 0;
  if (row.locked_boot === clock.bootId && row.locked_mono != null && row.lock_ms != null) return row.lock_ms - (clock.monoMs() - row.locked_mono);
  return Date.parse(row.locked_until) - clock.wallMs();
}

export function lockoutStatus(db: Database.Database, profileId: string, clock: Clock): LockoutStatus {
  const row = readLockout(db, profileId);
  if (!row) return { locked: false, failures: 0, clearedCentrally: false };
  if (clearedCentrally(db, profileId, row)) return { locked: false, failures: 0, clearedCentrally: true };
  const leftMs = lockoutLeftMs(row, clock);
  // "until" is told on today's wall clock, so the message is right even after a step.
  if (leftMs > 0) return { locked: true, until: new Date(clock.wallMs() + leftMs).toISOString() };
  // An expired lockout starts a fresh run of attempts.
  return { locked: false, failures: row.locked_until ? 0 : row.failures, clearedCentrally: false };
}
