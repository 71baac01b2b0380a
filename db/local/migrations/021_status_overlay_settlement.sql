-- 021: when the pulled operation status wins over the local overlay (op_state, 002).
-- (Numbered above 020, not in the core's 002-009 range: migrateLocal applies only versions above a
-- store's user_version, and stores in the field are already at 20.)
--
-- The overlay holds what this terminal's events made of an operation. It must win while those
-- events wait to be pushed (the pulled row cannot know them yet), but once they are pushed the
-- central is authoritative: a supervisor or another terminal may complete or re-open the
-- operation, and that later pulled change must show here.
--
-- Rule: a pulled `operations` row with a higher `version`, arriving when none of this terminal's
-- status facts for that operation are pending (its own events, or events of a standstill issue
-- on it), SETTLES them: the overlay is dropped and the pulled status shows. Events appended
-- afterwards build a fresh overlay on top of the pulled row.
--
-- The settlement is recorded in op_status_settled (the highest device_seq it covers). That table
-- is NOT a projection (rebuildProjections keeps it): it records what was pulled, which the outbox
-- cannot replay. On rebuild the projectors skip the status effect of every event at or below
-- `through_seq`, which gives exactly the live state: live, those effects were dropped at
-- settlement and every later event has a higher device_seq.
--
-- The sync pull knows nothing of this: it upserts `operations` as before, and this trigger (with
-- the queue triggers of 002 on op_state) keeps the overlay and the queue right.

CREATE TABLE op_status_settled (
  operation_id TEXT PRIMARY KEY,
  through_seq  INTEGER NOT NULL, -- events with device_seq <= this are reflected in the pulled row
  version      INTEGER NOT NULL  -- the pulled version that settled them
) STRICT;

-- Status facts still waiting to be pushed: the operation's own events (entity_id = the
-- operation) and the events of standstill issues on it (entity_id = the issue), which put the
-- operation on hold and release it. Both look-ups use outbox_entity_pending (001).
-- Only operations this terminal has status facts about are settled (op_totals is written by every
-- start, resume and complete; issues_local by every issue), so a pull of rows it never touched
-- costs no extra write.
CREATE TRIGGER op_status_settle AFTER UPDATE OF version ON operations
  WHEN NEW.version > OLD.version
    AND (EXISTS (SELECT 1 FROM op_state WHERE operation_id = NEW.id)
      OR EXISTS (SELECT 1 FROM op_totals WHERE operation_id = NEW.id)
      OR EXISTS (SELECT 1 FROM issues_local WHERE operation_id = NEW.id AND causes_standstill = 1))
    AND NOT EXISTS (SELECT 1 FROM outbox WHERE entity_id = NEW.id AND sent_at IS NULL AND dead_at IS NULL)
    AND NOT EXISTS (
      SELECT 1 FROM issues_local i JOIN outbox o ON o.entity_id = i.id
      WHERE i.operation_id = NEW.id AND i.causes_standstill = 1 AND o.sent_at IS NULL AND o.dead_at IS NULL)
BEGIN
  INSERT INTO op_status_settled (operation_id, through_seq, version)
  VALUES (NEW.id, (SELECT coalesce(max(device_seq), 0) FROM outbox), NEW.version)
  ON CONFLICT (operation_id) DO UPDATE SET through_seq = excluded.through_seq, version = excluded.version;
  -- The queue trigger on op_state (002) recomputes the part's queue rows from the pulled status.
  DELETE FROM op_state WHERE operation_id = NEW.id;
END;
