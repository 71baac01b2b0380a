// Migration 021 on a real file: a store already at 020 (as in the field) with a local overlay on a
// pulled operation gets the settlement trigger, and a newer pulled row then wins once nothing is
// pending, with the queue following.
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openLocalStore } from '../../db/local/open';
import { standardFixture } from '../support/local-fixtures';
import { cleanTempDirs, tempDir } from '../support/tmp';
import { pullOperation } from './harness';

afterAll(cleanTempDirs);

describe('local migration 021 (status overlay settlement)', () => {
  it('is applied to a store at 020 and settles an existing overlay on the next newer pulled row', async () => {
    const file = join(tempDir(), 't.db');
    const old = openLocalStore(file, { targetVersion: 20 });
    const fx = await standardFixture(old);
    // This terminal started the operation earlier; the event is already pushed.
    old.prepare("INSERT INTO op_state (operation_id, status) VALUES (?, 'in_progress')").run(fx.ops[0]);
    old.prepare('INSERT INTO op_totals (operation_id) VALUES (?)').run(fx.ops[0]);
    expect(old.prepare('SELECT section, status FROM queue_entries WHERE operation_id = ?').get(fx.ops[0])).toEqual({ section: 0, status: 'in_progress' });
    old.close();

    const db = openLocalStore(file);
    expect(db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(21);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'trigger' AND name = 'op_status_settle'").get()).toEqual({ n: 1 });
    pullOperation(db, fx.ops[0], 'completed');
    expect(db.prepare('SELECT count(*) AS n FROM op_state').get()).toEqual({ n: 0 });
    expect(db.prepare('SELECT count(*) AS n FROM queue_entries WHERE operation_id = ?').get(fx.ops[0])).toEqual({ n: 0 });
    expect(db.prepare('SELECT section FROM queue_entries WHERE operation_id = ?').get(fx.ops[1])).toEqual({ section: 1 });
    // A pulled change to an operation this terminal never touched records nothing.
    pullOperation(db, fx.otherOp, 'in_progress');
    expect(db.prepare('SELECT operation_id FROM op_status_settled').all()).toEqual([{ operation_id: fx.ops[0] }]);
    db.close();
  });
});
