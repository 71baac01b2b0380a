-- 035: one index page fewer for a pause and one fewer for a resume (see 031, 033, 034: every page
-- a command dirties is one more WAL frame in the operator's commit).
-- * time_entries_local is keyed by its id itself (WITHOUT ROWID): a new entry is written into the
--   table's own b-tree instead of into the table plus a separate index on id (a resume).
-- * time_entries_op indexes operation_id alone: closing an entry (a pause) no longer moves its key.
--   The open entries of an operation are found by that key and a look at ended_at on each of the
--   operation's entries, a handful per operation.
-- The rule "one open entry per operator" stays enforced by the store (time_entries_open_profile).

-- SQLite cannot change a table to WITHOUT ROWID in place: it is rebuilt by the documented procedure.
-- legacy_alter_table: the rename must not re-parse queue_source (a view naming this table) while
-- the old table is gone; the view resolves the name at run time as before.
PRAGMA legacy_alter_table = ON;
CREATE TABLE time_entries_035 (
  id           TEXT PRIMARY KEY,
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
  needs_review INTEGER NOT NULL DEFAULT 0
) STRICT, WITHOUT ROWID;
INSERT INTO time_entries_035 (id, operation_id, profile_id, cell_id, started_at, start_mono, start_boot, ended_at, duration_s, closed_by, pause_reason, needs_review)
SELECT id, operation_id, profile_id, cell_id, started_at, start_mono, start_boot, ended_at, duration_s, closed_by, pause_reason, needs_review
FROM time_entries_local;
DROP TABLE time_entries_local;
ALTER TABLE time_entries_035 RENAME TO time_entries_local;
PRAGMA legacy_alter_table = OFF;

CREATE UNIQUE INDEX time_entries_open_profile ON time_entries_local (profile_id) WHERE ended_at IS NULL;
CREATE INDEX time_entries_op ON time_entries_local (operation_id);

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
