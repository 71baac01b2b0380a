// Two terminals work offline on the same operation in the same cell, then both reconnect. The
// central state must not depend on which one reconnects first (db/central/SYNC.md, conflict rules):
// the same scenario is played on two identical plants, once with terminal 1 pushing first and
// once with terminal 2 first, and the resulting central rows are compared.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../shared/domain/uuidv7';
import { manualClock } from '../../electron/core/clock';
import { createSyncEngine } from '../../electron/core/sync/engine';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { cleanTempDirs } from '../support/tmp';
import { enrollTerminal, seedTenant, type TenantFixture } from './support/central-fixture';
import { openTerminal, terminalUrl, type LocalTerminal } from './support/terminal-fixture';

let db: TestDatabase;
let url: string;
beforeAll(async () => {
  db = await createTestDatabase();
  url = await terminalUrl(db.url);
});
afterAll(async () => {
  await db?.drop();
  cleanTempDirs();
});

const T0 = Date.UTC(2026, 10, 23, 6, 0, 0);

/** Plays the offline scenario on a fresh plant and returns the two terminals, nothing pushed yet. */
async function offlineScenario(f: TenantFixture): Promise<[LocalTerminal, LocalTerminal]> {
  const op = f.operationIds[0]!;
  const cell = f.cellIds[0]!;
  const e1 = await enrollTerminal(db.pool, f.tenantId, [cell], 'T1');
  const e2 = await enrollTerminal(db.pool, f.tenantId, [cell], 'T2');
  const t1 = openTerminal({ deviceId: e1.deviceId, centralUrl: url, credential: e1.credential, clock: manualClock(T0) });
  const t2 = openTerminal({ deviceId: e2.deviceId, centralUrl: url, credential: e2.credential, clock: manualClock(T0 + 500) });
  const te1 = uuidv7(), te2 = uuidv7(), te3 = uuidv7();
  // T1: the operator starts, pauses after 5 min, reports 5 good, and later resumes (not knowing
  // that T2 completed the operation in the meantime).
  t1.append('operation.started', { operation_id: op, time_entry_id: te1, cell_id: cell, profile_id: f.operatorId }, f.operatorId, op);
  t1.clock.advance(300_000);
  t1.append('operation.paused', { operation_id: op, reason: 'break', entry: { time_entry_id: te1, profile_id: f.operatorId, duration_s: 300 } }, f.operatorId, op);
  t1.append('quantity.reported', { quantity_id: uuidv7(), operation_id: op, quantities: { good: 5, scrap: 0, rework: 0, produced: 5, scrap_reasons: [] } }, f.operatorId, op);
  // T2: the supervisor starts the same operation, works 10 min and completes it with quantities.
  t2.append('operation.started', { operation_id: op, time_entry_id: te2, cell_id: cell, profile_id: f.supervisorId }, f.supervisorId, op);
  t2.clock.advance(600_000);
  t2.append('operation.completed', {
    operation_id: op, closed_entries: [{ time_entry_id: te2, profile_id: f.supervisorId, duration_s: 600 }],
    quantity_id: uuidv7(), quantities: { good: 3, scrap: 1, rework: 0, produced: 4, scrap_reasons: [{ reason_id: f.scrapReasonId, quantity: 1 }] },
  }, f.supervisorId, op);
  t1.clock.advance(900_000);
  t1.append('operation.resumed', { operation_id: op, time_entry_id: te3, cell_id: cell, profile_id: f.operatorId }, f.operatorId, op);
  return [t1, t2];
}

async function centralState(f: TenantFixture) {
  const q = async (sql: string) => (await db.pool.query(sql, [f.operationIds[0]])).rows;
  const [op] = await q('SELECT status, actual_time::text, completed_at FROM operations WHERE id = $1');
  const entries = await q('SELECT operator_id = (SELECT id FROM profiles WHERE id = operator_id) AS ok, start_time, end_time, duration FROM time_entries WHERE operation_id = $1 ORDER BY start_time, duration NULLS LAST');
  const qty = await q('SELECT sum(good)::int AS good, sum(scrap)::int AS scrap, sum(produced)::int AS produced FROM operation_quantities WHERE operation_id = $1');
  return { op, entries: entries.map((e) => ({ start: e.start_time.getTime() - T0, end: e.end_time ? e.end_time.getTime() - T0 : null, duration: e.duration })), qty: qty[0] };
}

describe('two terminals offline on the same operation', () => {
  it('reach the same central state whichever terminal reconnects first', async () => {
    const states = [];
    for (const order of [[0, 1], [1, 0]] as const) {
      const f = await seedTenant(db.pool, `Plant${order[0]}`, 1);
      const terms = await offlineScenario(f);
      for (const i of order) {
        const engine = createSyncEngine({ db: terms[i].db, clock: terms[i].clock, appVersion: 't' });
        const s = await engine.syncNow();
        expect(s).toMatchObject({ pending: 0, dead_letters: 0 });
        await engine.stop();
      }
      states.push(await centralState(f));
    }
    expect(states[0]).toEqual(states[1]);
    // And the documented rule: completion is final, every entry is kept, time adds up.
    expect(states[0]!.op).toMatchObject({ status: 'completed', actual_time: '0.2500' }); // (300 + 600) s
    expect(states[0]!.op.completed_at.getTime()).toBe(T0 + 500 + 2000 + 600_000); // T2's completion
    expect(states[0]!.entries).toHaveLength(3);
    expect(states[0]!.entries.filter((e) => e.end === null)).toHaveLength(1); // T1's late resume stays open for review
    expect(states[0]!.qty).toEqual({ good: 8, scrap: 1, produced: 9 });
  });
});
