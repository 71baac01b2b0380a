-- 035: one index page fewer for a pause and two fewer for a resume (see 031, 033, 034: every page
-- a command dirties is one more WAL frame in the operator's commit).
-- time_entries_local is stored clustered by operation (WITHOUT ROWID, keyed by operation_id, id):
-- * a new entry (a resume) is written into the table's own b-tree, beside its operation's other
--   entries, instead of into the table plus an index on id plus an index on operation;
-- * closing an entry (a pause) moves no index key but the open-entries one;
-- * an operation's entries (its worked time, its history) are one range of the table itself.
-- Every event that touches an entry names its operation, so entries are always found by both.
-- Ids stay unique as every id is: minted once (UUIDv7) in one place, newEntryId.
-- The rule "one open entry per operator" stays enforced by the store (time_entries_open_profile).

-- SQLite cannot change a table to WITHOUT ROWID in place: it is rebuilt by the documented procedure.
-- legacy_alter_table: the rename must not re-parse queue_source (a view naming this table) while
-- the old table is gone; the view resolves the name at run time as before.
PRAGMA legacy_alter_table = ON;
CREATE TABLE time_entries_035 (
  id           TEXT NOT NULL,
  operation_id TEXT NOT NULL,
  profile_id   TEXT NOT NULL,
  cell_id      TEXT NOT NULL,
  started_at   TEXT NOT NULL,
  start_mono   REAL NOT NULL,
  start_boot   TEXT NOT NULL,
  ended_at     TEXT,
  duration_s   REAL,
  closed_by    TEXT,            -- pause | complete | auto_closed
  pause_reason TEXT,
  needs_review INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (operation_id, id)
) STRICT, WITHOUT ROWID;
INSERT INTO time_entries_035 (id, operation_id, profile_id, cell_id, started_at, start_mono, start_boot, ended_at, duration_s, closed_by, pause_reason, needs_review)
SELECT id, operation_id, profile_id, cell_id, started_at, start_mono, start_boot, ended_at, duration_s, closed_by, pause_reason, needs_review
FROM time_entries_local;
DROP TABLE time_entries_local;
ALTER TABLE time_entries_035 RENAME TO time_entries_local;
PRAGMA legacy_alter_table = OFF;

CREATE UNIQUE INDEX time_entries_open_profile ON time_entries_local (profile_id) WHERE ended_at IS NULL;

-- The queue triggers of 002, unchanged: they went with the old table.
CREATE TRIGGER queue_entry_open AFTER INSERT ON time_entries_local
  WHEN coalesce((SELECT status FROM op_state WHERE operation_id = NEW.operation_id), (SELECT status FROM operations WHERE id = NEW.operation_id)) NOT IN ('in_progress', 'on_hold')
BEGIN
  DELETE FROM queue_entries WHERE part_id = (SELECT part_id FROM operations WHERE id = NEW.operation_id);
  INSERT INTO queue_entries SELECT * FROM queue_source WHERE part_id = (SELECT part_id FROM operations WHERE id = NEW.operation_id);
END;
CREATE TRIGGER queue_entry_close AFTER UPDATE OF ended_at ON time_entries_local
  WHEN coalesce((SELECT status FROM op_state WHERE operation_id = NEW.operation_id), (SELECT status FROM operations WHERE id = NEW.operation_id)) NOT IN ('in_progress', 'on_hold')
BEGIN
  DELETE FROM queue_entries WHERE part_id = (SELECT part_id FROM operations WHERE id = NEW.operation_id);
  INSERT INTO queue_entries SELECT * FROM queue_source WHERE part_id = (SELECT part_id FROM operations WHERE id = NEW.operation_id);
END;
CREATE TRIGGER queue_entry_del AFTER DELETE ON time_entries_local
  WHEN coalesce((SELECT status FROM op_state WHERE operation_id = OLD.operation_id), (SELECT status FROM operations WHERE id = OLD.operation_id)) NOT IN ('in_progress', 'on_hold')
BEGIN
  DELETE FROM queue_entries WHERE part_id = (SELECT part_id FROM operations WHERE id = OLD.operation_id);
  INSERT INTO queue_entries SELECT * FROM queue_source WHERE part_id = (SELECT part_id FROM operations WHERE id = OLD.operation_id);
END;
