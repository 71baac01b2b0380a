// A supervisor's review of a swept time entry reaches the central (052): typed at a real core,
// pushed by the real sync engine, applied to the central's time entry (time lowered, flag
// cleared, why in its notes), the operation's actual time recomputed, and logged. The central
// also refuses reviews the terminal would have refused. And the central knows exactly the event
// vocabulary of shared/events, so no event type can be added on one side only.
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { EventPayloads } from '../../shared/events';
import { value } from '../core/harness';
import { CORE_TERMINAL_PINS, openCoreTerminal } from './support/core-terminal';
import { enrollTerminal, entry } from './support/central-fixture';
import { useSyncCentral } from './support/sync-central';

const srv = useSyncCentral('Rev', 1);

describe('time entry review at the central', () => {
  it('the central event vocabulary is exactly shared/events', async () => {
    const { rows } = await srv.db.pool.query<{ type: string }>('SELECT type FROM sync_event_types ORDER BY type');
    expect(rows.map((r) => r.type)).toEqual(Object.keys(EventPayloads).sort());
  });

  it('a review typed at the terminal lowers the swept time, clears the flag and recomputes actual time', async () => {
    const pool = srv.db.pool;
    const { operatorId, supervisorId, tenantId, operationIds } = srv.tenant;
    const { term, core, engine, employees, close } = await openCoreTerminal(srv, { timers: { ghost_timer_hours: 10 } });
    try {
      value(await core.command('session.login', { employee_id: employees.operator, pin: CORE_TERMINAL_PINS.operator }));
      const op = operationIds[0]!;
      const { time_entry_id } = value(await core.command('operation.start', { operation_id: op }));
      term.clock.advance(14 * 3_600_000);
      expect(core.sweepGhostTimers().closed).toHaveLength(1);
      await engine.syncNow();
      expect((await pool.query('SELECT duration, needs_review, auto_close_cause FROM time_entries WHERE id = $1', [time_entry_id])).rows[0]).toEqual({
        duration: 36_000, needs_review: true, auto_close_cause: 'open_limit',
      });

      value(await core.command('session.login', { employee_id: employees.supervisor, pin: CORE_TERMINAL_PINS.supervisor }));
      value(await core.command('time_entry.review', { operation_id: op, time_entry_id, duration_s: 6 * 3600, why: 'left at noon' }));
      const st = await engine.syncNow();
      expect(st, JSON.stringify(term.db.prepare('SELECT type, dead_reason FROM outbox WHERE dead_at IS NOT NULL').all())).toMatchObject({ pending: 0, dead_letters: 0 });
      const row = (await pool.query<{ duration: number; needs_review: boolean; notes: string; span: number }>(
        'SELECT duration, needs_review, notes, extract(epoch FROM end_time - start_time)::int AS span FROM time_entries WHERE id = $1',
        [time_entry_id],
      )).rows[0];
      expect(row).toEqual({ duration: 21_600, needs_review: false, notes: 'Reviewed: left at noon', span: 21_600 });
      expect(Number((await pool.query('SELECT actual_time FROM operations WHERE id = $1', [op])).rows[0].actual_time)).toBe(6);
      const log = await pool.query("SELECT user_id, entity_type, entity_id FROM activity_log WHERE tenant_id = $1 AND action = 'reviewed'", [tenantId]);
      expect(log.rows).toEqual([{ user_id: supervisorId, entity_type: 'time_entry', entity_id: time_entry_id }]);

      // Reviews the terminal refuses are refused by the central too (another terminal of the tenant).
      const other = await enrollTerminal(pool, tenantId, [srv.tenant.cellIds[0]!]);
      const c = new pg.Client({ connectionString: srv.url });
      await c.connect();
      try {
        const review = (seq: number, x: Record<string, unknown>) =>
          entry(seq, 'time_entry.reviewed', { operation_id: op, time_entry_id, profile_id: operatorId, duration_s: 3600, ...x }, supervisorId);
        const batch = [review(1, { duration_s: 40_000 }), review(2, { time_entry_id: '01a20143-0000-7000-8000-000000000000' }), review(3, { why: '' }), review(4, { duration_s: -5 })];
        const r = (await c.query('SELECT terminal_push($1, $2::jsonb) AS r', [other.credential, JSON.stringify(batch)])).rows[0].r as { results: { status: string; reason?: string }[] };
        expect(r.results.map((x) => [x.status, x.reason?.split(':')[0]])).toEqual([
          ['rejected', 'payload.time_entry_id'],
          ['rejected', 'payload.time_entry_id'],
          ['rejected', 'payload.why'],
          ['rejected', 'payload.duration_s'],
        ]);
      } finally {
        await c.end();
      }
      expect((await pool.query('SELECT duration FROM time_entries WHERE id = $1', [time_entry_id])).rows[0].duration).toBe(21_600);
    } finally {
      await close();
    }
  });
});
