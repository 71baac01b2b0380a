// Queue queries: the queue of the terminal's cells and one operation's detail.
import type { z } from 'zod';
import type { IssueView } from '../../../shared/contract/core-queries';
import type { CoreContext } from '../context';
import { refuse } from '../errors';
import type { QueryHandlers } from '../handler-types';
import { findOperation, servedCells } from '../lookups';
import { sql } from '../store/statements';
import { issueRowsToViews, type IssueRow } from '../issues/queries';
import { operationDocuments } from './documents';
import { cellQueue, ENTRY_FROM, ENTRY_SELECT, openEntriesByOperation, toEntry, type EntryRow } from './queue';

const SECTION_NAMES = ['in_process', 'ready', 'upcoming'] as const;

export function queueQueries(ctx: CoreContext): QueryHandlers<'queue.list' | 'operation.detail'> {
  return {
    'queue.list': (input) => {
      const env = { clock: ctx.clock, config: ctx.config, open: openEntriesByOperation(ctx.db) };
      const cells = servedCells(ctx.db, input.cell_id).map((c) => cellQueue(ctx.db, c, input.limit, env)).filter((c) => c !== null);
      return { cells };
    },
    'operation.detail': (input) => {
      const op = findOperation(ctx.db, input.operation_id);
      if (!op) refuse('not_found', `Operation ${input.operation_id} does not exist on this terminal.`, 'operation_id');
      const row = sql(ctx.db, `SELECT ${ENTRY_SELECT} FROM (SELECT ? AS operation_id) q ${ENTRY_FROM}`).get(op.id) as EntryRow | undefined;
      if (!row) refuse('not_found', `Operation ${input.operation_id} has no part or job on this terminal.`, 'operation_id');
      const q = sql(ctx.db, 'SELECT section FROM queue_entries WHERE operation_id = ?').get(op.id) as { section: number } | undefined;
      const env = { clock: ctx.clock, config: ctx.config, open: openEntriesByOperation(ctx.db) };
      const entry = { ...toEntry(row, 'ready', env), section: q ? SECTION_NAMES[q.section] ?? null : null };
      const time_entries = (
        sql(ctx.db, 'SELECT id, operation_id, profile_id, started_at, ended_at, duration_s, closed_by, needs_review FROM time_entries_local WHERE operation_id = ? ORDER BY started_at, id').all(op.id) as {
          id: string; operation_id: string; profile_id: string; started_at: string; ended_at: string | null; duration_s: number | null; closed_by: string | null; needs_review: number;
        }[]
      ).map((t) => ({ time_entry_id: t.id, operation_id: t.operation_id, profile_id: t.profile_id, started_at: t.started_at, ended_at: t.ended_at, duration_s: t.duration_s, closed_by: t.closed_by, needs_review: t.needs_review === 1 }));
      const issues: z.input<typeof IssueView>[] = issueRowsToViews(sql(ctx.db, 'SELECT * FROM issues_local WHERE operation_id = ? ORDER BY reported_at DESC').all(op.id) as IssueRow[]);
      const prior = op.prior_status === null ? null : (['not_started', 'in_progress', 'completed', 'on_hold'] as const).find((s) => s === op.prior_status) ?? null;
      return { entry, on_hold_prior_status: prior, time_entries, issues, documents: operationDocuments(ctx.db, op.id) };
    },
  };
}
