// The local status overlay against the pulled operation status (db/local 021): the overlay wins
// while this terminal's events for the operation wait to be pushed; once they are pushed, a newer
// pulled row is authoritative (a supervisor or another terminal completed or re-opened the
// operation), and the queue follows. Pulled rows go through the real sync pull applier, which
// knows nothing of the overlay. A rebuild after such a pull must give the live state.
import { afterAll, describe, expect, it } from 'vitest';
import { rebuildProjections } from '../../electron/core/projections';
import { cleanTempDirs } from '../support/tmp';
import { dumpState, harness, markAllSent, pullOperation, value, type Harness } from './harness';

afterAll(cleanTempDirs);

/** A terminal where op1 started the part's first operation (the event not yet pushed). */
async function startedHere(): Promise<Harness> {
  const h = await harness();
  await h.login('op1');
  value(await h.core.command('operation.start', { operation_id: h.fx.ops[0] }));
  return h;
}

async function sectionOf(h: Harness, operationId: string): Promise<string | null> {
  const s = value(await h.core.query('queue.list', {})).cells[0]!.sections;
  for (const [name, sec] of Object.entries(s)) if (sec.entries.some((e) => e.operation_id === operationId)) return name;
  return null;
}

async function statusOf(h: Harness, operationId: string): Promise<string> {
  return value(await h.core.query('operation.detail', { operation_id: operationId })).entry.status;
}

/** Live state equals the state rebuilt from the outbox (and the settlements kept beside it). */
function expectRebuildEqualsLive(h: Harness): void {
  const live = dumpState(h.db);
  rebuildProjections(h.db);
  expect(dumpState(h.db)).toEqual(live);
}

describe('status overlay vs pulled status', () => {
  it('keeps the overlay while the events are pending, even when a newer row is written', async () => {
    const h = await startedHere();
    // The sync applier defers a row whose operation has pending events...
    pullOperation(h.db, h.fx.ops[0], 'not_started');
    expect(h.db.prepare('SELECT count(*) AS n FROM pull_deferred').get()).toEqual({ n: 1 });
    // ...and even a row written straight into the table does not settle pending facts.
    const v = (h.db.prepare('SELECT version FROM operations WHERE id = ?').get(h.fx.ops[0]) as { version: number }).version;
    h.db.prepare("UPDATE operations SET status = 'not_started', version = ? WHERE id = ?").run(v + 5, h.fx.ops[0]);
    expect(await statusOf(h, h.fx.ops[0])).toBe('in_progress');
    expect(await sectionOf(h, h.fx.ops[0])).toBe('in_process');
    expect(h.db.prepare('SELECT count(*) AS n FROM op_status_settled').get()).toEqual({ n: 0 });
    expectRebuildEqualsLive(h);
  });

  it('a standstill issue still waiting to be pushed keeps the hold, though the operation events were sent', async () => {
    const h = await startedHere();
    markAllSent(h.db);
    value(await h.core.command('issue.report', { operation_id: h.fx.ops[0], severity: 'critical', description: 'Coolant leak', causes_standstill: true }));
    // The issue event's entity is the issue, so the applier does not defer the operation row.
    pullOperation(h.db, h.fx.ops[0], 'in_progress');
    expect(await statusOf(h, h.fx.ops[0])).toBe('on_hold');
    markAllSent(h.db);
    pullOperation(h.db, h.fx.ops[0], 'on_hold');
    expect(h.db.prepare('SELECT count(*) AS n FROM op_state').get()).toEqual({ n: 0 });
    expect(await statusOf(h, h.fx.ops[0])).toBe('on_hold');
    expectRebuildEqualsLive(h);
  });

  it('after the push, a supervisor completing the operation elsewhere shows, and its successor becomes ready', async () => {
    const h = await startedHere();
    value(await h.core.command('operation.pause', { operation_id: h.fx.ops[0], reason: 'break' }));
    markAllSent(h.db);
    // Pushed but not yet pulled back: the overlay still stands (the pulled row is the old one).
    expect(await statusOf(h, h.fx.ops[0])).toBe('in_progress');
    expect(await sectionOf(h, h.fx.ops[1])).toBe('upcoming');
    pullOperation(h.db, h.fx.ops[0], 'completed');
    expect(h.db.prepare('SELECT count(*) AS n FROM pull_deferred').get()).toEqual({ n: 0 });
    expect(h.db.prepare('SELECT count(*) AS n FROM op_state WHERE operation_id = ?').get(h.fx.ops[0])).toEqual({ n: 0 });
    expect(await statusOf(h, h.fx.ops[0])).toBe('completed');
    expect(await sectionOf(h, h.fx.ops[0])).toBeNull();
    expect(await sectionOf(h, h.fx.ops[1])).toBe('ready');
    expectRebuildEqualsLive(h);
  });

  it('a completed operation re-opened centrally comes back to the queue; local work after that builds a fresh overlay', async () => {
    const h = await startedHere();
    value(await h.core.command('operation.complete', { operation_id: h.fx.ops[0] }));
    expect(await sectionOf(h, h.fx.ops[0])).toBeNull();
    markAllSent(h.db);
    pullOperation(h.db, h.fx.ops[0], 'not_started'); // re-opened for rework
    expect(await statusOf(h, h.fx.ops[0])).toBe('not_started');
    expect(await sectionOf(h, h.fx.ops[0])).toBe('ready');
    expect(await sectionOf(h, h.fx.ops[1])).toBe('upcoming');
    expectRebuildEqualsLive(h);
    // Start it again here: the new (pending) event wins over the pulled row once more.
    value(await h.core.command('operation.start', { operation_id: h.fx.ops[0] }));
    expect(await statusOf(h, h.fx.ops[0])).toBe('in_progress');
    expect(await sectionOf(h, h.fx.ops[0])).toBe('in_process');
    expectRebuildEqualsLive(h);
    // A pulled row with the same version (a re-sent page) settles nothing.
    markAllSent(h.db);
    pullOperation(h.db, h.fx.ops[0], 'not_started', 0);
    expect(await statusOf(h, h.fx.ops[0])).toBe('in_progress');
    expectRebuildEqualsLive(h);
  });

  it('rebuild after a pull and later local events equals live, after reopening the store too', async () => {
    let h = await startedHere();
    value(await h.core.command('issue.report', { operation_id: h.fx.ops[0], severity: 'high', description: 'Guard', causes_standstill: true }));
    markAllSent(h.db);
    pullOperation(h.db, h.fx.ops[0], 'in_progress'); // the central released the hold itself
    value(await h.core.command('operation.pause', { operation_id: h.fx.ops[0], reason: 'break' }));
    value(await h.core.command('operation.resume', { operation_id: h.fx.ops[0] }));
    expect(await statusOf(h, h.fx.ops[0])).toBe('in_progress');
    h = h.reopen();
    expectRebuildEqualsLive(h);
    expect(await statusOf(h, h.fx.ops[0])).toBe('in_progress');
  });
});
