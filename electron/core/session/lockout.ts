// Wrong-PIN lockout state, read from the pin_lockouts projection. An admin can clear a lockout
// centrally by setting profiles.lockout_cleared_at (when the pulled schema has that column); a
// clearing newer than the last failure counts as an unlock.
import type Database from 'better-sqlite3';
import { sql } from '../store/statements';

export interface LockoutRow {
  failures: number;
  last_failure_at: string;
  locked_until: string | null;
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
  return sql(db, 'SELECT failures, last_failure_at, locked_until FROM pin_lockouts WHERE profile_id = ?').get(profileId) as LockoutRow | undefined;
}

/** True when an admin cleared the lockout centrally after the last failure. */
export function clearedCentrally(db: Database.Database, profileId: string, row: LockoutRow): boolean {
  if (!clearedColumnExists(db)) return false;
  const r = db.prepare('SELECT lockout_cleared_at AS c FROM profiles WHERE id = ?').get(profileId) as { c: string | null } | undefined;
  return !!r?.c && Date.parse(r.c) >= Date.parse(row.last_failure_at);
}

export type LockoutStatus = { locked: false; failures: number; clearedCentrally: boolean } | { locked: true; until: string };

export function lockoutStatus(db: Database.Database, profileId: string, nowMs: number): LockoutStatus {
  const row = readLockout(db, profileId);
  if (!row) return { locked: false, failures: 0, clearedCentrally: false };
  if (clearedCentrally(db, profileId, row)) return { locked: false, failures: 0, clearedCentrally: true };
  if (row.locked_until && Date.parse(row.locked_until) > nowMs) return { locked: true, until: row.locked_until };
  // An expired lockout starts a fresh run of attempts.
  return { locked: false, failures: row.locked_until ? 0 : row.failures, clearedCentrally: false };
}
