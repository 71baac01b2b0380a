// Whether an event's effect on the operation status overlay (op_state) has been superseded by a
// pulled row: db/local 021 records, per operation, the highest device_seq that a pulled change
// settled. Live, new events are always above it (the overlay of the settled ones was dropped by
// the trigger); on rebuild, the projectors skip the status effect of the settled ones, so the
// rebuilt overlay equals the live one.
import type Database from 'better-sqlite3';
import { sql } from '../store/statements';

export function statusSettled(db: Database.Database, operationId: string, deviceSeq: number): boolean {
  const r = sql(db, 'SELECT through_seq FROM op_status_settled WHERE operation_id = ?').get(operationId) as { through_seq: number } | undefined;
  return r !== undefined && deviceSeq <= r.through_seq;
}
