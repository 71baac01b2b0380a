// The push writes the activity log set-based (029: one INSERT per batch into activity_log and one
// into webhook_deliveries). This compares what it wrote for a mixed batch with what the seed's
// log_activity_and_webhook writes when called once per applied event with the same arguments
// (called in a transaction that is rolled back): the same log rows in device order, and the same
// deliveries, one per active subscribed webhook, with the same payloads.
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { uuidv7 } from '../../shared/domain/uuidv7';
import { enrollTerminal, entry } from './support/central-fixture';
import { useSyncCentral } from './support/sync-central';

const srv = useSyncCentral('L', 2);

type Log = { id: string; tenant_id: string; user_id: string | null; action: string; entity_type: string; entity_id: string | null; entity_name: string | null; description: string | null; changes: unknown; metadata: { device_seq: number } };
type Delivery = { tenant_id: string; webhook_id: string; event_type: string; status: string; payload: Record<string, unknown> };

/** Log rows without their generated id and time; deliveries pointing at their log row by position. */
function comparable(logs: Log[], deliveries: Delivery[]) {
  const pos = new Map(logs.map((l, i) => [l.id, i]));
  return {
    logs: logs.map(({ id: _id, ...rest }) => rest),
    deliveries: deliveries
      .map((d) => {
        const { activity_id, occurred_at: _at, ...payload } = d.payload;
        return { ...d, payload: { ...payload, activity: pos.get(activity_id as string) } };
      })
      .sort((p, q) => JSON.stringify(p).localeCompare(JSON.stringify(q))),
  };
}

const LOG_COLUMNS = 'id, tenant_id, user_id, action, entity_type, entity_id, entity_name, description, changes, metadata';

describe('activity log of a push', () => {
  it('is the same as log_activity_and_webhook once per applied event: log rows and webhook deliveries', async () => {
    const a = srv.tenant;
    const pool = srv.db.pool;
    // The push really takes the set-based path (029 rewrote the per-event call out of it).
    const def = (await pool.query<{ d: string }>("SELECT pg_get_functiondef('sync_apply_effects(uuid, uuid, integer, integer)'::regprocedure) AS d")).rows[0]!.d;
    expect(def).toContain('PERFORM sync_log_activity(p_tenant, p_terminal, p_from, p_to);');
    expect(def).not.toContain('PERFORM public.log_activity_and_webhook');
    const hooks = await pool.query<{ id: string }>(
      `INSERT INTO webhooks (tenant_id, url, secret_key, events, active) VALUES
         ($1, 'https://a.example/1', 's', '{operation.started,operation.completed,shift_note.created}', true),
         ($1, 'https://a.example/2', 's', '{quantity.created,operation.started}', true),
         ($1, 'https://a.example/3', 's', '{operation.started}', false)
       RETURNING id`,
      [a.tenantId],
    );
    expect(hooks.rowCount).toBe(3);
    const t = await enrollTerminal(pool, a.tenantId, [a.cellIds[0]!]);
    const te = uuidv7();
    const op = a.operationIds[0]!;
    const batch = [
      entry(1, 'operation.started', { operation_id: op, time_entry_id: te, cell_id: a.cellIds[0], profile_id: a.operatorId }, a.operatorId),
      entry(2, 'quantity.reported', { quantity_id: uuidv7(), operation_id: op, quantities: { good: 3, scrap: 0, rework: 0, produced: 3, scrap_reasons: [] } }, a.operatorId),
      entry(3, 'note.added', { note_id: uuidv7(), cell_id: uuidv7(), text: 'rejected: unknown cell' }, a.operatorId),
      entry(4, 'note.added', { note_id: uuidv7(), cell_id: a.cellIds[0], text: 'shift note' }, a.operatorId),
      entry(5, 'cycles.counted', { count_id: uuidv7(), machine_id: a.machineId, cell_id: a.cellIds[0], machine_seq: 1, delta: 4, counter_reset: false, counted_at: new Date().toISOString() }, null),
      entry(6, 'operation.completed', { operation_id: op, closed_entries: [{ time_entry_id: te, profile_id: a.operatorId, duration_s: 60 }] }, a.operatorId),
    ];
    const term = new pg.Client({ connectionString: srv.url });
    await term.connect();
    try {
      const r = (await term.query('SELECT terminal_push($1, $2::jsonb) AS r', [t.credential, JSON.stringify(batch)])).rows[0].r as { results: { status: string }[] };
      expect(r.results.map((x) => x.status)).toEqual(['applied', 'applied', 'rejected', 'applied', 'applied', 'applied']);
    } finally {
      await term.end();
    }

    const actualLogs = (await pool.query<Log>(`SELECT ${LOG_COLUMNS} FROM activity_log WHERE metadata ->> 'terminal_id' = $1 ORDER BY (metadata ->> 'device_seq')::int`, [t.deviceId])).rows;
    const actualDeliveries = (await pool.query<Delivery>('SELECT tenant_id, webhook_id, event_type, status, payload FROM webhook_deliveries WHERE payload ->> \'activity_id\' = ANY($1::text[])', [actualLogs.map((l) => l.id)])).rows;
    expect(actualLogs.map((l) => l.metadata.device_seq)).toEqual([1, 2, 4, 5, 6]);
    expect(actualDeliveries).toHaveLength(5); // started ×2, completed, shift note, quantity; none from the inactive hook

    // The reference: the seed's function, once per applied event, rolled back afterwards.
    const c = await pool.connect();
    try {
      await c.query('BEGIN');
      const ids = (await c.query<{ id: string }>(
        `SELECT log_activity_and_webhook(e.tenant_id, e.actor_id, t.action, t.entity_type, (e.payload #>> t.entity_key)::uuid, NULL, t.description, e.payload,
                  jsonb_build_object('event_id', e.event_id, 'device_seq', e.device_seq, 'terminal_id', e.terminal_id, 'occurred_at', e.occurred_at)) AS id
           FROM sync_events e JOIN sync_event_types t ON t.type = e.type
          WHERE e.terminal_id = $1 AND e.status = 'applied' ORDER BY e.device_seq`,
        [t.deviceId],
      )).rows.map((x) => x.id);
      const refLogs = (await c.query<Log>(`SELECT ${LOG_COLUMNS} FROM activity_log WHERE id = ANY($1::uuid[]) ORDER BY (metadata ->> 'device_seq')::int`, [ids])).rows;
      const refDeliveries = (await c.query<Delivery>('SELECT tenant_id, webhook_id, event_type, status, payload FROM webhook_deliveries WHERE payload ->> \'activity_id\' = ANY($1::text[])', [ids])).rows;
      expect(comparable(actualLogs, actualDeliveries)).toEqual(comparable(refLogs, refDeliveries));
    } finally {
      await c.query('ROLLBACK');
      c.release();
    }
  });
});
