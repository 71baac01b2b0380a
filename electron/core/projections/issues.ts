// Projectors for issues. A standstill issue puts its operation on hold and
// remembers the prior status; when the last pending standstill issue of the operation leaves
// `pending`, that status comes back.
import type Database from 'better-sqlite3';
import { sql } from '../store/statements';
import { statusSettled } from './settled';
import type { ProjectorMap } from './types';

function effectiveStatus(db: Database.Database, operationId: string): string | null {
  const r = sql(db, 'SELECT coalesce((SELECT s.status FROM op_state s WHERE s.operation_id = o.id), o.status) AS status FROM operations o WHERE o.id = ?').get(operationId) as
    | { status: string }
    | undefined;
  return r?.status ?? null;
}

export const issueProjectors: ProjectorMap = {
  'issue.reported': (db, ev) => {
    const p = ev.payload;
    const cell = sql(db, 'SELECT cell_id FROM operations WHERE id = ?').get(p.operation_id) as { cell_id: string } | undefined;
    sql(
      db,
      `INSERT INTO issues_local (id, operation_id, cell_id, severity, issue_type, category_id, description, affected_quantity, causes_standstill, status, reported_by, reported_at, photo_count)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?)`,
    ).run(
      p.issue_id, p.operation_id, cell?.cell_id ?? '', p.severity, p.issue_type, p.category_id ?? null, p.description, p.affected_quantity ?? null,
      p.causes_standstill ? 1 : 0, ev.actor_id, ev.occurred_at, p.photos.length,
    );
    if (!p.causes_standstill || statusSettled(db, p.operation_id, ev.device_seq)) return;
    const status = effectiveStatus(db, p.operation_id);
    if (status === null || status === 'on_hold' || status === 'completed') return;
    sql(
      db,
      `INSERT INTO op_state (operation_id, status, prior_status) VALUES (?, 'on_hold', ?)
       ON CONFLICT (operation_id) DO UPDATE SET status = 'on_hold', prior_status = excluded.prior_status`,
    ).run(p.operation_id, status);
  },
  'issue.status_changed': (db, ev) => {
    const p = ev.payload;
    const issue = sql(db, 'SELECT operation_id, causes_standstill FROM issues_local WHERE id = ?').get(p.issue_id) as { operation_id: string; causes_standstill: number } | undefined;
    if (!issue) return;
    sql(db, 'UPDATE issues_local SET status = ? WHERE id = ?').run(p.status, p.issue_id);
    if (!issue.causes_standstill || p.status === 'pending' || statusSettled(db, issue.operation_id, ev.device_seq)) return;
    const stillHeld = sql(db, "SELECT 1 FROM issues_local WHERE operation_id = ? AND causes_standstill = 1 AND status = 'pending' LIMIT 1").get(issue.operation_id);
    if (stillHeld) return;
    sql(db, "UPDATE op_state SET status = coalesce(prior_status, 'in_progress'), prior_status = NULL WHERE operation_id = ? AND status = 'on_hold'").run(issue.operation_id);
  },
};
