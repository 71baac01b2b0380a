// Issue queries: issues of the terminal's cells, newest first.
import type { z } from 'zod';
import type { IssueView } from '../../../shared/contract/core-queries';
import { IssueSeverity, IssueStatus, IssueType } from '../../../shared/domain/enums';
import type { CoreContext } from '../context';
import { terminalIdentity } from '../context';
import type { QueryHandlers } from '../handler-types';
import { sql } from '../store/statements';

export interface IssueRow {
  id: string;
  operation_id: string;
  cell_id: string;
  severity: string;
  issue_type: string;
  category_id: string | null;
  description: string;
  affected_quantity: number | null;
  causes_standstill: number;
  status: string;
  reported_by: string | null;
  reported_at: string;
  photo_count: number;
}

export function issueRowsToViews(rows: IssueRow[]): z.input<typeof IssueView>[] {
  return rows.map((r) => ({
    issue_id: r.id,
    operation_id: r.operation_id,
    cell_id: r.cell_id,
    severity: IssueSeverity.catch('medium').parse(r.severity),
    issue_type: IssueType.catch('general').parse(r.issue_type),
    category_id: r.category_id,
    description: r.description,
    affected_quantity: r.affected_quantity,
    causes_standstill: r.causes_standstill === 1,
    status: IssueStatus.catch('pending').parse(r.status),
    reported_by: r.reported_by,
    reported_at: r.reported_at,
    photo_count: r.photo_count,
  }));
}

export function issueQueries(ctx: CoreContext): QueryHandlers<'issue.list'> {
  return {
    'issue.list': (input) => {
      const cells = input.cell_id ? [input.cell_id] : terminalIdentity(ctx.db).cellIds;
      const rows = sql(
        ctx.db,
        `SELECT * FROM issues_local WHERE cell_id IN (SELECT value FROM json_each(?))
         AND (? IS NULL OR operation_id = ?) AND (? IS NULL OR status = ?) ORDER BY reported_at DESC, id LIMIT ?`,
      ).all(JSON.stringify(cells), input.operation_id ?? null, input.operation_id ?? null, input.status ?? null, input.status ?? null, input.limit) as IssueRow[];
      return { issues: issueRowsToViews(rows) };
    },
  };
}
