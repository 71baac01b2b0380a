// Projectors for sessions: the crew at this terminal and the wrong-PIN counters / lockouts.
import { sql } from '../store/statements';
import type { ProjectorMap } from './types';

export const sessionProjectors: ProjectorMap = {
  'session.opened': (db, ev) => {
    sql(db, 'INSERT INTO crew_sessions (profile_id, opened_at) VALUES (?, ?) ON CONFLICT (profile_id) DO NOTHING').run(ev.payload.profile_id, ev.occurred_at);
    // A correct PIN ends the run of failures.
    sql(db, 'DELETE FROM pin_lockouts WHERE profile_id = ?').run(ev.payload.profile_id);
  },
  'session.closed': (db, ev) => {
    sql(db, 'DELETE FROM crew_sessions WHERE profile_id = ?').run(ev.payload.profile_id);
  },
  'session.login_failed': (db, ev) => {
    // failures = 1 starts a new run, so an expired lockout is forgotten.
    sql(
      db,
      `INSERT INTO pin_lockouts (profile_id, failures, last_failure_at, locked_until) VALUES (@p, @f, @at, NULL)
       ON CONFLICT (profile_id) DO UPDATE SET failures = @f, last_failure_at = @at,
         locked_until = CASE WHEN @f = 1 THEN NULL ELSE locked_until END`,
    ).run({ p: ev.payload.profile_id, f: ev.payload.failures, at: ev.occurred_at });
  },
  'session.locked_out': (db, ev) => {
    // Where the lockout started on the monotonic clock, and for how long (local migration 039).
    const lockMs = Math.max(0, Date.parse(ev.payload.locked_until) - Date.parse(ev.occurred_at));
    sql(
      db,
      `INSERT INTO pin_lockouts (profile_id, failures, last_failure_at, locked_until, locked_boot, locked_mono, lock_ms) VALUES (@p, 0, @at, @until, @boot, @mono, @ms)
       ON CONFLICT (profile_id) DO UPDATE SET locked_until = @until, locked_boot = @boot, locked_mono = @mono, lock_ms = @ms`,
    ).run({ p: ev.payload.profile_id, at: ev.occurred_at, until: ev.payload.locked_until, boot: ev.boot_id, mono: ev.mono_ms, ms: lockMs });
  },
  'session.unlocked': (db, ev) => {
    sql(db, 'DELETE FROM pin_lockouts WHERE profile_id = ?').run(ev.payload.profile_id);
  },
};
