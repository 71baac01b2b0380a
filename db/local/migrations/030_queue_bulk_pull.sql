-- 030: the sync pull maintains the cell queue once per page instead of once per row.
-- (Numbered above the highest released local migration, 021; see db/local/migrate.ts.)
--
-- The queue triggers of 002 recompute a whole part's queue rows for every pulled operation, part
-- and job. On a first pull of 100,000 operations that is several queue writes per row (a part of
-- five operations is recomputed five times) and was about half of the apply time. While a row is
-- present in queue_bulk, the triggers on operations, parts and jobs only record WHAT changed in
-- queue_dirty; the applier (electron/core/queue/bulk.ts) then recomputes those parts and jobs from
-- queue_source with one set-based statement, before the page's cursor is stored, in the page's
-- transaction. queue_bulk is set and cleared inside that same transaction, so a crash rolls back
-- the flag together with the rows: the triggers never stay suspended, and the committed queue is
-- always the one the per-row triggers would have left (test/db/local/queue-bulk.test.ts).
--
-- Every other writer (local commands via op_state and time entries, deferred pulled rows,
-- rebuilds) runs with queue_bulk empty and gets the per-row triggers exactly as before. SQLite
-- cannot alter a trigger, so the nine triggers below are 002's, re-created with a WHEN clause.

CREATE TABLE queue_bulk (
  on_page INTEGER PRIMARY KEY CHECK (on_page = 1)
) STRICT;

-- kind: 'part' (recompute the part's rows) or 'job' (the job's rows). 002's insert trigger also
-- deletes by operation id, for an INSERT OR REPLACE that moved an operation to another part; the
-- applier only ever writes INSERT … ON CONFLICT DO UPDATE (a conflict runs the UPDATE triggers),
-- so an operation it INSERTs did not exist and has no queue row: nothing to note for it.
CREATE TABLE queue_dirty (
  kind TEXT NOT NULL,
  id   TEXT NOT NULL,
  PRIMARY KEY (kind, id)
) STRICT, WITHOUT ROWID;

DROP TRIGGER queue_op_ins;
DROP TRIGGER queue_op_upd;
DROP TRIGGER queue_op_del;
DROP TRIGGER queue_part_ins;
DROP TRIGGER queue_part_upd;
DROP TRIGGER queue_part_del;
DROP TRIGGER queue_job_ins;
DROP TRIGGER queue_job_upd;
DROP TRIGGER queue_job_del;

-- Per row (002's bodies), when no bulk page is being applied.
CREATE TRIGGER queue_op_ins AFTER INSERT ON operations WHEN NOT EXISTS (SELECT 1 FROM queue_bulk) BEGIN
  -- By operation id too: an INSERT OR REPLACE that moved the operation to another part.
  DELETE FROM queue_entries WHERE part_id = NEW.part_id OR operation_id = NEW.id;
  INSERT INTO queue_entries SELECT * FROM queue_source WHERE part_id = NEW.part_id;
END;
CREATE TRIGGER queue_op_upd AFTER UPDATE OF part_id, cell_id, sequence, status, deleted_at, operation_name, estimated_time, actual_time ON operations
  WHEN NOT EXISTS (SELECT 1 FROM queue_bulk) BEGIN
  DELETE FROM queue_entries WHERE part_id IN (OLD.part_id, NEW.part_id);
  INSERT INTO queue_entries SELECT * FROM queue_source WHERE part_id IN (OLD.part_id, NEW.part_id);
END;
CREATE TRIGGER queue_op_del AFTER DELETE ON operations WHEN NOT EXISTS (SELECT 1 FROM queue_bulk) BEGIN
  DELETE FROM queue_entries WHERE part_id = OLD.part_id;
  INSERT INTO queue_entries SELECT * FROM queue_source WHERE part_id = OLD.part_id;
END;

CREATE TRIGGER queue_part_ins AFTER INSERT ON parts WHEN NOT EXISTS (SELECT 1 FROM queue_bulk) BEGIN
  DELETE FROM queue_entries WHERE part_id = NEW.id;
  INSERT INTO queue_entries SELECT * FROM queue_source WHERE part_id = NEW.id;
END;
CREATE TRIGGER queue_part_upd AFTER UPDATE OF job_id, is_bullet_card, deleted_at, part_number, material, quantity ON parts
  WHEN NOT EXISTS (SELECT 1 FROM queue_bulk) BEGIN
  DELETE FROM queue_entries WHERE part_id = NEW.id;
  INSERT INTO queue_entries SELECT * FROM queue_source WHERE part_id = NEW.id;
END;
CREATE TRIGGER queue_part_del AFTER DELETE ON parts WHEN NOT EXISTS (SELECT 1 FROM queue_bulk) BEGIN
  DELETE FROM queue_entries WHERE part_id = OLD.id;
END;

CREATE TRIGGER queue_job_ins AFTER INSERT ON jobs WHEN NOT EXISTS (SELECT 1 FROM queue_bulk) BEGIN
  DELETE FROM queue_entries WHERE job_id = NEW.id;
  INSERT INTO queue_entries SELECT * FROM queue_source WHERE job_id = NEW.id;
END;
CREATE TRIGGER queue_job_upd AFTER UPDATE OF due_date, due_date_override, deleted_at, job_number, customer ON jobs
  WHEN NOT EXISTS (SELECT 1 FROM queue_bulk) BEGIN
  DELETE FROM queue_entries WHERE job_id = NEW.id;
  INSERT INTO queue_entries SELECT * FROM queue_source WHERE job_id = NEW.id;
END;
CREATE TRIGGER queue_job_del AFTER DELETE ON jobs WHEN NOT EXISTS (SELECT 1 FROM queue_bulk) BEGIN
  DELETE FROM queue_entries WHERE job_id = OLD.id;
END;

-- During a bulk page: note what the per-row trigger above would have recomputed. (An upsert, not
-- INSERT OR IGNORE: inside a trigger the outer statement's conflict policy would override OR IGNORE.)
CREATE TRIGGER queue_op_ins_mark AFTER INSERT ON operations WHEN EXISTS (SELECT 1 FROM queue_bulk) BEGIN
  INSERT INTO queue_dirty (kind, id) VALUES ('part', NEW.part_id) ON CONFLICT DO NOTHING;
END;
CREATE TRIGGER queue_op_upd_mark AFTER UPDATE OF part_id, cell_id, sequence, status, deleted_at, operation_name, estimated_time, actual_time ON operations
  WHEN EXISTS (SELECT 1 FROM queue_bulk) BEGIN
  INSERT INTO queue_dirty (kind, id) VALUES ('part', OLD.part_id), ('part', NEW.part_id) ON CONFLICT DO NOTHING;
END;
CREATE TRIGGER queue_op_del_mark AFTER DELETE ON operations WHEN EXISTS (SELECT 1 FROM queue_bulk) BEGIN
  INSERT INTO queue_dirty (kind, id) VALUES ('part', OLD.part_id) ON CONFLICT DO NOTHING;
END;
CREATE TRIGGER queue_part_ins_mark AFTER INSERT ON parts WHEN EXISTS (SELECT 1 FROM queue_bulk) BEGIN
  INSERT INTO queue_dirty (kind, id) VALUES ('part', NEW.id) ON CONFLICT DO NOTHING;
END;
CREATE TRIGGER queue_part_upd_mark AFTER UPDATE OF job_id, is_bullet_card, deleted_at, part_number, material, quantity ON parts
  WHEN EXISTS (SELECT 1 FROM queue_bulk) BEGIN
  INSERT INTO queue_dirty (kind, id) VALUES ('part', NEW.id) ON CONFLICT DO NOTHING;
END;
CREATE TRIGGER queue_part_del_mark AFTER DELETE ON parts WHEN EXISTS (SELECT 1 FROM queue_bulk) BEGIN
  INSERT INTO queue_dirty (kind, id) VALUES ('part', OLD.id) ON CONFLICT DO NOTHING;
END;
CREATE TRIGGER queue_job_ins_mark AFTER INSERT ON jobs WHEN EXISTS (SELECT 1 FROM queue_bulk) BEGIN
  INSERT INTO queue_dirty (kind, id) VALUES ('job', NEW.id) ON CONFLICT DO NOTHING;
END;
CREATE TRIGGER queue_job_upd_mark AFTER UPDATE OF due_date, due_date_override, deleted_at, job_number, customer ON jobs
  WHEN EXISTS (SELECT 1 FROM queue_bulk) BEGIN
  INSERT INTO queue_dirty (kind, id) VALUES ('job', NEW.id) ON CONFLICT DO NOTHING;
END;
CREATE TRIGGER queue_job_del_mark AFTER DELETE ON jobs WHEN EXISTS (SELECT 1 FROM queue_bulk) BEGIN
  INSERT INTO queue_dirty (kind, id) VALUES ('job', OLD.id) ON CONFLICT DO NOTHING;
END;
