// Quantity reports: good, scrap and rework with scrap reasons, produced = good + scrap + rework
// (shared/domain/quantities.ts). Partial reports any time while the operation is open.
import type Database from 'better-sqlite3';
import type { QuantityInput } from '../../../shared/contract/core-commands';
import { checkQuantities } from '../../../shared/domain/quantities';
import { uuidv7 } from '../../../shared/domain/uuidv7';
import type { Quantities } from '../../../shared/events';
import type { CoreContext } from '../context';
import { writeTx } from '../context';
import { refuse } from '../errors';
import type { CommandHandlers } from '../handler-types';
import { requireActiveRow, requireOwnOperation } from '../lookups';
import { resolveActor } from '../session/actor';
import { record } from '../store/record';

/** Validates quantities (sum rule, known scrap reasons); `base` prefixes the field names. */
export function requireQuantities(db: Database.Database, q: QuantityInput, base?: string): Quantities {
  const at = (f: string) => (base ? `${base}.${f}` : f);
  const r = checkQuantities(q);
  if (!r.ok) refuse('validation', r.message, at(r.field));
  q.scrap_reasons.forEach((l, i) => requireActiveRow(db, 'scrap_reasons', l.reason_id, at(`scrap_reasons.${i}.reason_id`), 'scrap reason'));
  return r.value;
}

export function quantityCommands(ctx: CoreContext): CommandHandlers<'quantity.report'> {
  return {
    'quantity.report': (input) => {
      const actor = resolveActor(ctx, input.as_profile_id);
      return writeTx(ctx, (w) => {
        const op = requireOwnOperation(ctx.db, input.operation_id, w.cellIds);
        if (op.status === 'completed') refuse('conflict', `"${op.operation_name}" is completed; quantities can no longer be added here.`, 'operation_id');
        const quantities = requireQuantities(ctx.db, input);
        const quantityId = uuidv7(ctx.clock.wallMs());
        record(w, { type: 'quantity.reported', payload: { quantity_id: quantityId, operation_id: op.id, quantities }, actorId: actor.id, entityId: op.id });
        return { quantity_id: quantityId };
      });
    },
  };
}
