// A PIN lockout is reported centrally as events (issue 3): wrong PINs typed at a real core reach
// the central's sync_events and activity log through the real sync engine, with the worker and the
// device times, and a supervisor's clearing of the lockout follows them.
import { describe, expect, it } from 'vitest';
import { CORE_TERMINAL_PINS, openCoreTerminal } from './support/core-terminal';
import { useSyncCentral } from './support/sync-central';

const srv = useSyncCentral('Lock', 1);

describe('PIN lockout reporting', () => {
  it('wrong PINs, the lockout and its clearing reach the central activity log in order', async () => {
    const pool = srv.db.pool;
    const { operatorId, supervisorId, tenantId } = srv.tenant;
    const { term, core, engine, employees, close } = await openCoreTerminal(srv); // its first sync pulled the PIN hashes
    try {
      const employee = employees.operator;
      const supervisor = employees.supervisor;
      for (let i = 0; i < 5; i++) {
        term.clock.advance(1000);
        const r = await core.command('session.login', { employee_id: employee, pin: '0000' });
        expect(r.ok).toBe(false);
      }
      const locked = await core.command('session.login', { employee_id: employee, pin: CORE_TERMINAL_PINS.operator });
      expect(locked.ok ? null : locked.error.code).toBe('locked_out');
      expect((await core.command('session.login', { employee_id: supervisor, pin: CORE_TERMINAL_PINS.supervisor })).ok).toBe(true);
      expect((await core.command('session.clear_lockout', { employee_id: employee })).ok).toBe(true);

      expect(await engine.syncNow()).toMatchObject({ pending: 0, dead_letters: 0 });
      const events = await pool.query<{ type: string; status: string; actor_id: string | null; occurred_at: Date }>(
        `SELECT type, status, actor_id, occurred_at FROM sync_events WHERE terminal_id = $1 AND type LIKE 'session.%' ORDER BY device_seq`,
        [term.deviceId],
      );
      expect(events.rows.map((e) => [e.type, e.status, e.actor_id])).toEqual([
        ...Array.from({ length: 5 }, () => ['session.login_failed', 'applied', operatorId]),
        ['session.locked_out', 'applied', operatorId],
        ['session.opened', 'applied', supervisorId],
        ['session.unlocked', 'applied', supervisorId],
      ]);
      const log = await pool.query<{ action: string; entity_id: string; user_id: string | null }>(
        `SELECT action, entity_id, user_id FROM activity_log WHERE tenant_id = $1 AND metadata ->> 'terminal_id' = $2 AND action IN ('login_failed', 'locked_out', 'unlocked')
         ORDER BY (metadata ->> 'device_seq')::int`,
        [tenantId, term.deviceId],
      );
      expect(log.rows).toEqual([
        ...Array.from({ length: 5 }, () => ({ action: 'login_failed', entity_id: operatorId, user_id: operatorId })),
        { action: 'locked_out', entity_id: operatorId, user_id: operatorId },
        { action: 'unlocked', entity_id: operatorId, user_id: supervisorId },
      ]);
    } finally {
      await close();
    }
  });
});
