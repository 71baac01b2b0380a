// Every refusal the core's commands can give that the happy-path suites do not reach: each is a
// typed error naming the field, and writes nothing (the projection dump and the outbox are
// compared before and after each one). Also: supervisor authority is never borrowed through
// `as_profile_id` from a supervisor who is still in the crew but not at the screen.
import type Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import type { Result } from '../../shared/contract/define';
import { insertDowntimeReason, insertProfile, insertResource } from '../support/local-fixtures';
import { cleanTempDirs } from '../support/tmp';
import { harness, refusedCleanly, value } from './harness';

afterAll(cleanTempDirs);

const UNKNOWN = '01a20143-0000-7000-8000-000000000000';

function retire(db: Database.Database, table: string, id: string): void {
  db.prepare(`UPDATE ${table} SET active = 0 WHERE id = ?`).run(id);
}

describe('refusals', () => {
  it('supervisor authority is not borrowed from a supervisor who is in the crew but not at the screen', async () => {
    const h = await harness();
    for (let i = 0; i < 5; i++) await h.core.command('session.login', { employee_id: h.fx.employees.op2, pin: '0000' });
    const sup = await h.login('supervisor');
    await h.login('op1');
    const { downtime_id } = value(await h.core.command('downtime.start', { cell_id: h.fx.cellA, reason_id: h.fx.reasons.setup }));
    h.clock.advance(600_000);
    value(await h.core.command('downtime.end', { downtime_id }));
    const { issue_id } = value(await h.core.command('issue.report', { operation_id: h.fx.ops[0], severity: 'high', description: 'burr' }));
    const as = { as_profile_id: sup };
    const past = new Date(h.clock.wallMs() - 60_000).toISOString();
    const attempts: [string, () => Promise<Result<unknown>>][] = [
      ['split', () => h.core.command('downtime.split', { downtime_id, at_offset_s: 60, why: 'x', ...as })],
      ['edit', () => h.core.command('downtime.edit', { downtime_id, ended_at: past, why: 'x', ...as })],
      ['recategorise', () => h.core.command('downtime.categorise', { downtime_id, reason_id: h.fx.reasons.breakdown, why: 'x', ...as })],
      ['issue status', () => h.core.command('issue.set_status', { issue_id, status: 'closed', ...as })],
      ['clear lockout', () => h.core.command('session.clear_lockout', { employee_id: h.fx.employees.op2, ...as })],
    ];
    for (const [what, attempt] of attempts) {
      const message = await refusedCleanly(h, attempt, 'forbidden', 'as_profile_id');
      expect(message, what).toMatch(/own PIN/);
    }
    // The same supervisor, switched in with their PIN, may.
    await h.login('supervisor');
    for (const [, attempt] of attempts) value(await attempt());
    expect(h.core.lastEvents().map((e) => [e.type, e.actor_id])).toEqual([['session.unlocked', sup]]);
  });

  it('operators are refused supervisor actions, naming the input that needs a supervisor', async () => {
    const h = await harness();
    await h.login('op1');
    const { downtime_id } = value(await h.core.command('downtime.start', { cell_id: h.fx.cellA, reason_id: h.fx.reasons.setup }));
    h.clock.advance(600_000);
    value(await h.core.command('downtime.end', { downtime_id }));
    const { issue_id } = value(await h.core.command('issue.report', { operation_id: h.fx.ops[0], severity: 'low', description: 'x' }));
    await refusedCleanly(h, () => h.core.command('downtime.split', { downtime_id, at_offset_s: 60, why: 'x' }), 'forbidden', 'downtime_id');
    await refusedCleanly(h, () => h.core.command('downtime.edit', { downtime_id, ended_at: new Date(h.clock.wallMs() - 60_000).toISOString(), why: 'x' }), 'forbidden', 'downtime_id');
    await refusedCleanly(h, () => h.core.command('downtime.categorise', { downtime_id, reason_id: h.fx.reasons.breakdown }), 'forbidden', 'reason_id');
    await refusedCleanly(h, () => h.core.command('issue.set_status', { issue_id, status: 'closed' }), 'forbidden', 'status');
    await refusedCleanly(h, () => h.core.command('session.clear_lockout', { employee_id: h.fx.employees.op2 }), 'forbidden', 'employee_id');
  });

  it('operation lifecycle and quantities', async () => {
    const h = await harness();
    await h.login('op1');
    const [cut] = h.fx.ops;
    value(await h.core.command('operation.start', { operation_id: h.fx.otherOp }));
    value(await h.core.command('operation.complete', { operation_id: h.fx.otherOp }));
    await refusedCleanly(h, () => h.core.command('operation.start', { operation_id: h.fx.otherOp }), 'conflict', 'operation_id');
    await refusedCleanly(h, () => h.core.command('operation.resume', { operation_id: cut }), 'conflict', 'operation_id');
    await refusedCleanly(h, () => h.core.command('quantity.report', { operation_id: h.fx.otherOp, good: 1, scrap: 0, rework: 0 }), 'conflict', 'operation_id');
    value(await h.core.command('operation.start', { operation_id: cut }));
    await refusedCleanly(h, () => h.core.command('operation.start', { operation_id: cut }), 'conflict', 'operation_id');
    await refusedCleanly(h, () => h.core.command('quantity.report', { operation_id: cut, good: 0, scrap: 0, rework: 0 }), 'validation', 'good');
    await refusedCleanly(h, () => h.core.command('issue.report', { operation_id: h.fx.otherOp, severity: 'high', description: 'x', causes_standstill: true }), 'conflict', 'causes_standstill');
  });

  it('logins and lockouts', async () => {
    const h = await harness();
    await insertProfile(h.db, { tenantId: h.fx.tenantId, employeeId: 'E900', pin: '1234', active: false });
    await insertProfile(h.db, { tenantId: h.fx.tenantId, employeeId: 'E901', pin: null });
    await refusedCleanly(h, () => h.core.command('session.login', { employee_id: 'E900', pin: '1234' }), 'not_authenticated', 'employee_id');
    await refusedCleanly(h, () => h.core.command('session.login', { employee_id: 'E901', pin: '1234' }), 'forbidden', 'employee_id');
    await h.login('supervisor');
    await refusedCleanly(h, () => h.core.command('session.clear_lockout', { employee_id: 'E404' }), 'not_found', 'employee_id');
    await refusedCleanly(h, () => h.core.command('session.clear_lockout', { employee_id: h.fx.employees.op2 }), 'conflict', 'employee_id');
  });

  it('downtime: reasons, resources, windows and edits', async () => {
    const h = await harness({ downtime: { edit_window_hours: 24 } });
    const resourceB = insertResource(h.db, { tenantId: h.fx.tenantId, cellId: h.fx.cellB, name: 'Brake 1' });
    const retired = insertDowntimeReason(h.db, { groupId: h.fx.groups.unplanned, code: 'OLD', name: 'Retired reason' });
    retire(h.db, 'downtime_reasons', retired);
    await h.login('supervisor');
    await refusedCleanly(h, () => h.core.command('downtime.start', { cell_id: h.fx.cellA, resource_id: resourceB }), 'validation', 'resource_id');
    await refusedCleanly(h, () => h.core.command('downtime.start', { cell_id: h.fx.cellA, reason_id: retired }), 'validation', 'reason_id');
    const open = value(await h.core.command('downtime.start', { cell_id: h.fx.cellA, reason_id: h.fx.reasons.setup }));
    h.clock.advance(600_000);
    await refusedCleanly(h, () => h.core.command('downtime.edit', { downtime_id: open.downtime_id, ended_at: new Date(h.clock.wallMs() - 60_000).toISOString(), why: 'x' }), 'validation', 'ended_at');
    value(await h.core.command('downtime.end', { downtime_id: open.downtime_id }));
    const id = open.downtime_id;
    await refusedCleanly(h, () => h.core.command('downtime.categorise', { downtime_id: id, reason_id: h.fx.reasons.setup, why: 'x' }), 'conflict', 'reason_id');
    // A correction carries its why: changing a given reason or splitting a stop without one is refused.
    await refusedCleanly(h, () => h.core.command('downtime.categorise', { downtime_id: id, reason_id: h.fx.reasons.breakdown }), 'validation', 'why');
    await refusedCleanly(h, () => h.core.command('downtime.categorise', { downtime_id: id, reason_id: h.fx.reasons.breakdown, why: '  ' }), 'validation', 'why');
    await refusedCleanly(h, () => h.core.command('downtime.split', { downtime_id: id, at_offset_s: 60, why: ' ' }), 'validation', 'why');
    await refusedCleanly(h, () => h.core.command('downtime.edit', { downtime_id: id, why: 'nothing to change' }), 'validation', 'started_at');
    await refusedCleanly(h, () => h.core.command('downtime.edit', { downtime_id: id, ended_at: new Date(h.clock.wallMs() + 3_600_000).toISOString(), why: 'x' }), 'validation', 'ended_at');
    h.clock.advance(25 * 3_600_000);
    await h.login('supervisor');
    await refusedCleanly(h, () => h.core.command('downtime.categorise', { downtime_id: id, reason_id: h.fx.reasons.breakdown, why: 'x' }), 'conflict', 'downtime_id');
  });

  it('issue status: unknown issue, another cell\'s issue, unchanged status', async () => {
    const h = await harness();
    await h.login('supervisor');
    const { issue_id } = value(await h.core.command('issue.report', { operation_id: h.fx.ops[0], severity: 'medium', description: 'x' }));
    await refusedCleanly(h, () => h.core.command('issue.set_status', { issue_id: UNKNOWN, status: 'closed' }), 'not_found', 'issue_id');
    await refusedCleanly(h, () => h.core.command('issue.set_status', { issue_id, status: 'pending' }), 'conflict', 'status');
    // As a pull would leave it if the issue were moved to another terminal's cell.
    h.db.prepare('UPDATE issues_local SET cell_id = ? WHERE id = ?').run(h.fx.cellB, issue_id);
    await refusedCleanly(h, () => h.core.command('issue.set_status', { issue_id, status: 'closed' }), 'forbidden', 'issue_id');
  });
});
