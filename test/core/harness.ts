// Test harness for the core: a real SQLite file on disk with the standard fixture, a manual clock,
// and a core serving the core part of the contract (other areas register their own handlers).
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { expect } from 'vitest';
import type { Result } from '../../shared/contract/define';
import { manualClock, type ManualClock } from '../../electron/core/clock';
import { createCore, type Core } from '../../electron/core/core';
import { createPullApplier } from '../../electron/core/sync/pull-apply';
import { openLocalStore } from '../../db/local/open';
import { PINS, standardFixture, type StandardFixture } from '../support/local-fixtures';
import { tempDir } from '../support/tmp';

export interface Harness {
  file: string;
  db: Database.Database;
  clock: ManualClock;
  core: Core;
  fx: StandardFixture;
  login(who: keyof typeof PINS): Promise<string>;
  reopen(clock?: ManualClock): Harness;
  outboxCount(): number;
}

export async function harness(config: Record<string, unknown> = {}): Promise<Harness> {
  const file = join(tempDir('core-'), 'terminal.db');
  const db = openLocalStore(file);
  const fx = await standardFixture(db);
  return build(file, db, manualClock(), fx, config);
}

function build(file: string, db: Database.Database, clock: ManualClock, fx: StandardFixture, config: Record<string, unknown>): Harness {
  const core = createCore({ db, clock, contract: 'core', config: { ...config, session: { idle_check_ms: 0, ...(config.session as object | undefined) } } });
  const h: Harness = {
    file, db, clock, core, fx,
    async login(who) {
      const r = await core.command('session.login', { employee_id: fx.employees[who], pin: PINS[who] });
      if (!r.ok) throw new Error(`login ${who}: ${r.error.message}`);
      return r.value.profile.profile_id;
    },
    reopen(next = clock) {
      core.close();
      db.close();
      return build(file, openLocalStore(file), next, fx, config);
    },
    outboxCount: () => (db.prepare('SELECT count(*) AS n FROM outbox').get() as { n: number }).n,
  };
  return h;
}

export function value<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`expected ok, got ${r.error.code} ${r.error.field ?? ''}: ${r.error.message}`);
  return r.value;
}

export function refused<T>(r: Result<T>, code: string, field?: string): string {
  expect(r.ok, r.ok ? 'expected a refusal' : '').toBe(false);
  if (r.ok) return '';
  expect(r.error.code).toBe(code);
  if (field !== undefined) expect(r.error.field).toBe(field);
  expect(r.error.message.length).toBeGreaterThan(5);
  return r.error.message;
}

/** Runs `attempt` and checks it is refused with `code` and `field` and leaves the store as it was
 *  (the projection dump and the outbox compared before and after). */
export async function refusedCleanly(h: Harness, attempt: () => Promise<Result<unknown>>, code: string, field: string): Promise<string> {
  const before = dumpState(h.db);
  const outbox = h.outboxCount();
  const message = refused(await attempt(), code, field);
  expect(h.outboxCount()).toBe(outbox);
  expect(dumpState(h.db)).toEqual(before);
  return message;
}

/** A full dump of the core's projection tables and queue, for before/after comparisons. */
export function dumpState(db: Database.Database): Record<string, unknown[]> {
  const tables: [string, string][] = [
    ['op_state', 'operation_id'], ['time_entries_local', 'id'], ['op_totals', 'operation_id'], ['quantity_reports', 'id'],
    ['downtime_stops', 'id'], ['downtime_changes', 'seq'], ['reason_usage', 'reason_id, cell_id'], ['issues_local', 'id'],
    ['notes_local', 'id'], ['crew_sessions', 'profile_id'], ['pin_lockouts', 'profile_id'], ['custom_field_captures', 'event_id, key'],
    ['queue_entries', 'operation_id'],
  ];
  const out: Record<string, unknown[]> = {};
  for (const [t, order] of tables) out[t] = db.prepare(`SELECT * FROM ${t} ORDER BY ${order}`).all();
  out.queue_counts = db.prepare('SELECT * FROM queue_counts WHERE n > 0 ORDER BY cell_id, section').all();
  return out;
}

/** A sync push: the central acknowledged every event so far. */
export function markAllSent(db: Database.Database): void {
  db.prepare("UPDATE outbox SET sent_at = '2026-11-22T00:00:00.000Z' WHERE sent_at IS NULL").run();
}

/** A sync pull, through the real applier: the central's row of the operation with `status`,
 *  `bump` versions newer than the local one (0: the same version again). */
export function pullOperation(db: Database.Database, operationId: string, status: string, bump = 1): void {
  const { version, ...row } = db.prepare('SELECT * FROM operations WHERE id = ?').get(operationId) as Record<string, unknown> & { version: number };
  createPullApplier(db).applyPage([{ t: 'operations', v: version + bump, x: '1', d: false, r: { ...row, status } }], `cursor-${version + bump}`);
}
