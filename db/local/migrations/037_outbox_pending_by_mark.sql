-- 037: one index page fewer per command. outbox_entity_pending goes; the pending count and "is this
-- entity still waiting to be pushed" are answered from the settled-through mark (034) instead.
-- Why: every command appends one outbox row, and that partial index put one more page into every
-- operator tap's commit (see 031, 033, 034): on this kind of disk a commit's fsync grows with the
-- pages it carries, most of all in its slow tail.
-- How the questions are answered without it:
-- - Pending count. Device sequence numbers are gapless (max+1 by the single writer, nothing is ever
--   deleted), every row at or below `through` is answered, and every row above `marked_through` has
--   never been marked sent or dead. So the pending rows are all of those above
--   max(through, marked_through), counted by subtraction, plus the unsent live ones between the two
--   marks: a range that is empty or a few rows while the push keeps up.
-- - Entity waiting to be pushed (a pull's deferral, a photo upload's wait): a scan of the rows
--   above `through`, i.e. of the pending rows only. A pull does it once per page, as it already
--   read the whole index once per page.
-- marked_through is kept by triggers on the outbox itself, so no writer (sync, a repair, a test)
-- can mark a row sent or dead without moving it. The triggers write only when a row is marked: an
-- operator's command appends an unmarked row, so its commit evaluates the WHEN and writes nothing.
ALTER TABLE outbox_settled ADD COLUMN marked_through INTEGER NOT NULL DEFAULT 0 CHECK (marked_through >= 0);

UPDATE outbox_settled SET marked_through = coalesce(
  (SELECT max(device_seq) FROM outbox WHERE sent_at IS NOT NULL OR dead_at IS NOT NULL), 0);

CREATE TRIGGER outbox_marked_upd AFTER UPDATE OF sent_at, dead_at ON outbox
  WHEN (NEW.sent_at IS NOT NULL OR NEW.dead_at IS NOT NULL)
   AND NEW.device_seq > (SELECT marked_through FROM outbox_settled)
BEGIN
  UPDATE outbox_settled SET marked_through = NEW.device_seq;
END;

CREATE TRIGGER outbox_marked_ins AFTER INSERT ON outbox
  WHEN (NEW.sent_at IS NOT NULL OR NEW.dead_at IS NOT NULL)
   AND NEW.device_seq > (SELECT marked_through FROM outbox_settled)
BEGIN
  UPDATE outbox_settled SET marked_through = NEW.device_seq;
END;

DROP INDEX outbox_entity_pending;

-- 021's settlement trigger asked the dropped index whether an operation (or a standstill issue on
-- it) still has an event waiting to be pushed. The same questions now read the pending rows from the
-- mark; rows at or below it are answered, so the answers are unchanged. Without the bound each
-- pulled row of an operation this terminal touched would scan the outbox's whole history; with it,
-- each scans the pending rows, a handful, since the engine pulls only after the push has drained.
DROP TRIGGER op_status_settle;
CREATE TRIGGER op_status_settle AFTER UPDATE OF version ON operations
  WHEN NEW.version > OLD.version
    AND (EXISTS (SELECT 1 FROM op_state WHERE operation_id = NEW.id)
      OR EXISTS (SELECT 1 FROM op_totals WHERE operation_id = NEW.id)
      OR EXISTS (SELECT 1 FROM issues_local WHERE operation_id = NEW.id AND causes_standstill = 1))
    AND NOT EXISTS (
      SELECT 1 FROM outbox o
      WHERE o.device_seq > (SELECT through FROM outbox_settled) AND o.sent_at IS NULL AND o.dead_at IS NULL
        AND (o.entity_id = NEW.id
          OR o.entity_id IN (SELECT i.id FROM issues_local i WHERE i.operation_id = NEW.id AND i.causes_standstill = 1)))
BEGIN
  INSERT INTO op_status_settled (operation_id, through_seq, version)
  VALUES (NEW.id, (SELECT coalesce(max(device_seq), 0) FROM outbox), NEW.version)
  ON CONFLICT (operation_id) DO UPDATE SET through_seq = excluded.through_seq, version = excluded.version;
  -- The queue trigger on op_state (002) recomputes the part's queue rows from the pulled status.
  DELETE FROM op_state WHERE operation_id = NEW.id;
END;
