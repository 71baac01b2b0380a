// Migration 002 on a real file: built from a 001 store that already holds pulled reference rows,
// migrated, and checked: the projection tables exist and the existing operations are queued.
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadLocalMigrations, migrateLocal } from '../../db/local/migrate';
import { openLocalStore } from '../../db/local/open';
import { insertCell, insertJob, insertOperation, insertPart, insertTenant } from '../support/local-fixtures';
import { cleanTempDirs, tempDir } from '../support/tmp';

afterAll(cleanTempDirs);

describe('local migration 002 (core projections)', () => {
  it('adds the projection tables and queues the operations already in a 001 store', () => {
    const db = openLocalStore(join(tempDir(), 't.db'), { targetVersion: 1 });
    const t = insertTenant(db);
    const cell = insertCell(db, { tenantId: t });
    const job = insertJob(db, { tenantId: t, dueDate: '2026-12-01T00:00:00.000Z' });
    const part = insertPart(db, { tenantId: t, jobId: job });
    const a = insertOperation(db, { tenantId: t, partId: part, cellId: cell, sequence: 10, status: 'completed' });
    const b = insertOperation(db, { tenantId: t, partId: part, cellId: cell, sequence: 20 });
    const c = insertOperation(db, { tenantId: t, partId: part, cellId: cell, sequence: 30 });
    expect(migrateLocal(db, loadLocalMigrations(), 2)).toBe(2);
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name);
    expect(tables).toEqual(expect.arrayContaining(['op_state', 'time_entries_local', 'downtime_stops', 'issues_local', 'crew_sessions', 'pin_lockouts', 'queue_entries', 'queue_counts']));
    const q = db.prepare('SELECT operation_id, section FROM queue_entries ORDER BY sequence').all();
    expect(q).toEqual([{ operation_id: b, section: 1 }, { operation_id: c, section: 2 }]);
    expect(q).not.toContainEqual(expect.objectContaining({ operation_id: a }));
    expect(db.prepare('SELECT section, n FROM queue_counts ORDER BY section').all()).toEqual([{ section: 1, n: 1 }, { section: 2, n: 1 }]);
    db.close();
  });
});
