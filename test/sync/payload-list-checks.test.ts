// sync_payload_problem's list checks (022; since 033 their queries run only for non-empty lists):
// an empty list passes, and a list with a bad element, or scrap reasons adding up to more than the
// scrap quantity, is still refused with the same reason, for each list a payload can carry.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/postgres';

const ID = '0190a5c2-7d3e-7b21-9f00-1a2b3c4d5e6f';
const qty = (scrap: number, reasons: unknown) => ({ good: 1, scrap, rework: 0, produced: 1 + scrap, scrap_reasons: reasons });
const entry = { time_entry_id: ID, profile_id: ID, duration_s: 60 };
const photo = { attachment_id: ID, file_name: 'a.jpg', mime_type: 'image/jpeg', size_bytes: 10, sha256: 'a'.repeat(64) };
const issue = (photos: unknown[]) => ({ issue_id: ID, operation_id: ID, severity: 'low', issue_type: 'general', description: 'd', causes_standstill: false, photos });

const cases: [string, Record<string, unknown>, string | null][] = [
  ['quantity.reported', { quantity_id: ID, operation_id: ID, quantities: qty(0, []) }, null],
  ['quantity.reported', { quantity_id: ID, operation_id: ID, quantities: { good: 1, scrap: 0, rework: 0, produced: 1 } }, null],
  ['quantity.reported', { quantity_id: ID, operation_id: ID, quantities: qty(2, [{ reason_id: ID, quantity: 2 }]) }, null],
  ['quantity.reported', { quantity_id: ID, operation_id: ID, quantities: qty(2, [{ reason_id: ID, quantity: 3 }]) }, 'payload.quantities.scrap_reasons: add up to more than the scrap quantity'],
  ['quantity.reported', { quantity_id: ID, operation_id: ID, quantities: qty(2, [{ reason_id: 'x', quantity: 1 }]) }, 'payload.quantities.scrap_reasons: each needs reason_id and a quantity of at least 1'],
  ['quantity.reported', { quantity_id: ID, operation_id: ID, quantities: qty(2, [{ reason_id: ID, quantity: 0 }]) }, 'payload.quantities.scrap_reasons: each needs reason_id and a quantity of at least 1'],
  ['quantity.reported', { quantity_id: ID, operation_id: ID, quantities: qty(0, {}) }, 'payload.quantities.scrap_reasons: expected an array'],
  ['operation.completed', { operation_id: ID, closed_entries: [] }, null],
  ['operation.completed', { operation_id: ID, closed_entries: [entry] }, null],
  ['operation.completed', { operation_id: ID, closed_entries: [{ ...entry, duration_s: -1 }] }, 'payload.closed_entries: each needs time_entry_id, profile_id and duration_s'],
  ['operation.completed', { operation_id: ID, closed_entries: {} }, 'payload.closed_entries: expected an array'],
  ['operation.completed', { operation_id: ID, closed_entries: [], quantity_id: ID, quantities: qty(1, [{ reason_id: ID, quantity: 2 }]) }, 'payload.quantities.scrap_reasons: add up to more than the scrap quantity'],
  ['issue.reported', issue([]), null],
  ['issue.reported', { ...issue([]), photos: undefined }, null],
  ['issue.reported', issue([photo]), null],
  ['issue.reported', issue([{ ...photo, sha256: 'x' }]), 'payload.photos: each needs attachment_id, file_name, mime_type, size_bytes and a sha256'],
];

describe('payload list checks', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('pass empty lists and refuse bad elements and over-counted scrap with the same reasons', async () => {
    const def = (await db.pool.query<{ d: string }>("SELECT pg_get_functiondef('sync_payload_problem(text, jsonb)'::regprocedure) AS d")).rows[0]!.d;
    expect(def.match(/-- 033/g)).toHaveLength(3); // the guarded version is the one under test
    for (const [type, payload, why] of cases) {
      const r = await db.pool.query<{ why: string | null }>('SELECT sync_payload_problem($1, $2::jsonb) AS why', [type, JSON.stringify(payload)]);
      expect({ type, payload, why: r.rows[0]!.why }).toEqual({ type, payload, why });
    }
  });
});
