// Issue and NCR commands: report (with photos, optionally putting the operation on hold while the
// issue is pending) and a supervisor's status change, which releases the hold.
import { uuidv7 } from '../../../shared/domain/uuidv7';
import type { CoreContext } from '../context';
import { writeTx } from '../context';
import { refuse } from '../errors';
import type { CommandHandlers } from '../handler-types';
import { requireActiveRow, requireOwnOperation } from '../lookups';
import { requireSupervisor, resolveActor } from '../session/actor';
import { record } from '../store/record';
import { sql } from '../store/statements';
import { checkPhotos, storePhotos } from './photos';

export function issueCommands(ctx: CoreContext): CommandHandlers<'issue.report' | 'issue.set_status'> {
  return {
    'issue.report': (input) => {
      const actor = resolveActor(ctx, input.as_profile_id);
      const photos = checkPhotos(input.photos, ctx.config.issues, ctx.clock.wallMs());
      return writeTx(ctx, (w) => {
        const op = requireOwnOperation(ctx.db, input.operation_id, w.cellIds);
        if (input.category_id) requireActiveRow(ctx.db, 'issue_categories', input.category_id, 'category_id', 'issue category');
        if (input.causes_standstill && op.status === 'completed') refuse('conflict', `"${op.operation_name}" is completed; a standstill cannot hold it.`, 'causes_standstill');
        const issueId = uuidv7(ctx.clock.wallMs());
        storePhotos(ctx.db, issueId, photos, new Date(ctx.clock.wallMs()).toISOString());
        record(w, {
          type: 'issue.reported',
          payload: {
            issue_id: issueId, operation_id: op.id, severity: input.severity, issue_type: input.issue_type,
            ...(input.category_id ? { category_id: input.category_id } : {}),
            description: input.description,
            ...(input.affected_quantity !== undefined ? { affected_quantity: input.affected_quantity } : {}),
            causes_standstill: input.causes_standstill,
            photos: photos.map(({ attachment_id, file_name, mime_type, size_bytes, sha256 }) => ({ attachment_id, file_name, mime_type, size_bytes, sha256 })),
          },
          actorId: actor.id,
          entityId: issueId,
        });
        return { issue_id: issueId, attachment_ids: photos.map((p) => p.attachment_id) };
      });
    },
    'issue.set_status': (input) => {
      const actor = resolveActor(ctx, input.as_profile_id);
      requireSupervisor(ctx, actor, 'change the status of an issue', 'status');
      return writeTx(ctx, (w) => {
        const issue = sql(ctx.db, 'SELECT id, cell_id, status FROM issues_local WHERE id = ?').get(input.issue_id) as { id: string; cell_id: string; status: string } | undefined;
        if (!issue) refuse('not_found', `Unknown issue ${input.issue_id}.`, 'issue_id');
        if (!w.cellIds.includes(issue.cell_id)) refuse('forbidden', 'That issue belongs to a cell this terminal does not serve.', 'issue_id');
        if (issue.status === input.status) refuse('conflict', `The issue is already ${input.status}.`, 'status');
        record(w, { type: 'issue.status_changed', payload: { issue_id: issue.id, status: input.status, ...(input.note ? { note: input.note } : {}) }, actorId: actor.id, entityId: issue.id });
        return { issue_id: issue.id, status: input.status };
      });
    },
  };
}
