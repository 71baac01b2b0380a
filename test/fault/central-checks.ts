// What the fault suites check after every fault, and how they wait for it: the central's events of
// a device equal its local outbox (same ids, same order, once each) and the local file is intact.
import type pg from 'pg';
import { expect } from 'vitest';
import type { LocalTerminal } from '../sync/support/terminal-fixture';

/** Every event here is a note.added, so the central's shift notes must match one for one too. */
export async function expectCentralEqualsLocal(pool: pg.Pool | pg.Client, term: LocalTerminal): Promise<void> {
  const local = term.db.prepare('SELECT device_seq, event_id FROM outbox ORDER BY device_seq').all() as { device_seq: number; event_id: string }[];
  const central = (await pool.query('SELECT device_seq::int AS device_seq, event_id::text AS event_id FROM sync_events WHERE terminal_id = $1 ORDER BY device_seq', [term.deviceId])).rows;
  expect(central).toEqual(local);
  const notesCentral = Number((await pool.query('SELECT count(*) AS n FROM shift_notes WHERE terminal_id = $1', [term.deviceId])).rows[0].n);
  expect(notesCentral).toBe(local.length);
  expect(term.db.pragma('integrity_check', { simple: true })).toBe('ok');
}

export { until } from '../support/until';
