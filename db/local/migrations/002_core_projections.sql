-- 002: the terminal core's projections. Every table here is DERIVED: the core's projectors write
-- it from outbox events (in the command's own transaction), and rebuildProjections() clears it
-- and replays the outbox through the same projectors. Nothing here is a source of truth.

-- Local status overlay on the pulled `operations` rows: what this terminal's events made of the
-- operation (started, completed, on hold). `prior_status` is what an on-hold restores. Where an
-- overlay exists it wins over the pulled status: it is derived from this terminal's own facts,
-- which the central applies too, so after a push both agree.
CREATE TABLE op_state (
  operation_id TEXT PRIMARY KEY,
  status       TEXT NOT NULL,
  prior_status TEXT
) STRICT;

-- Time entries opened and closed on this terminal. Start readings are kept so a duration is
-- always measured on the monotonic clock of the same boot (shared/domain/durations.ts).
CREATE TABLE time_entries_local (
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
) STRICT;
-- One open entry per operator is a rule of the commands; this index enforces it in the store too.
CREATE UNIQUE INDEX time_entries_open_profile ON time_entries_local (profile_id) WHERE ended_at IS NULL;
CREATE INDEX time_entries_open_op ON time_entries_local (operation_id) WHERE ended_at IS NULL;
CREATE INDEX time_entries_op ON time_entries_local (operation_id);

-- Running totals per operation: quantities reported here and seconds of closed entries.
CREATE TABLE op_totals (
  operation_id    TEXT PRIMARY KEY,
  good            INTEGER NOT NULL DEFAULT 0,
  scrap           INTEGER NOT NULL DEFAULT 0,
  rework          INTEGER NOT NULL DEFAULT 0,
  produced        INTEGER NOT NULL DEFAULT 0,
  closed_seconds  REAL    NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE quantity_reports (
  id            TEXT PRIMARY KEY,
  operation_id  TEXT NOT NULL,
  good          INTEGER NOT NULL,
  scrap         INTEGER NOT NULL,
  rework        INTEGER NOT NULL,
  produced      INTEGER NOT NULL,
  scrap_reasons TEXT NOT NULL,
  profile_id    TEXT,
  reported_at   TEXT NOT NULL
) STRICT;
CREATE INDEX quantity_reports_op ON quantity_reports (operation_id);

CREATE TABLE downtime_stops (
  id          TEXT PRIMARY KEY,
  cell_id     TEXT NOT NULL,
  resource_id TEXT,
  reason_id   TEXT,
  source      TEXT NOT NULL,
  note        TEXT,
  started_at  TEXT NOT NULL,
  start_mono  REAL NOT NULL,
  start_boot  TEXT NOT NULL,
  ended_at    TEXT,
  duration_s  REAL,
  micro_stop  INTEGER NOT NULL DEFAULT 0,
  split_from  TEXT,
  started_by  TEXT
) STRICT;
CREATE INDEX downtime_open ON downtime_stops (cell_id, resource_id) WHERE ended_at IS NULL;
CREATE INDEX downtime_cell_time ON downtime_stops (cell_id, started_at);

-- Who changed a stop, when and why: each row mirrors one event, nothing is overwritten silently.
CREATE TABLE downtime_changes (
  seq         INTEGER PRIMARY KEY,
  downtime_id TEXT NOT NULL,
  kind        TEXT NOT NULL,
  actor_id    TEXT,
  at          TEXT NOT NULL,
  why         TEXT
) STRICT;
CREATE INDEX downtime_changes_stop ON downtime_changes (downtime_id);

-- Recent and most-used reasons per cell, so the reason picker puts them first.
CREATE TABLE reason_usage (
  reason_id    TEXT NOT NULL,
  cell_id      TEXT NOT NULL,
  uses         INTEGER NOT NULL,
  last_used_at TEXT NOT NULL,
  PRIMARY KEY (reason_id, cell_id)
) STRICT;

CREATE TABLE issues_local (
  id                TEXT PRIMARY KEY,
  operation_id      TEXT NOT NULL,
  cell_id           TEXT NOT NULL,
  severity          TEXT NOT NULL,
  issue_type        TEXT NOT NULL,
  category_id       TEXT,
  description       TEXT NOT NULL,
  affected_quantity INTEGER,
  causes_standstill INTEGER NOT NULL,
  status            TEXT NOT NULL,
  reported_by       TEXT,
  reported_at       TEXT NOT NULL,
  photo_count       INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX issues_op ON issues_local (operation_id);
CREATE INDEX issues_cell ON issues_local (cell_id, reported_at);

CREATE TABLE notes_local (
  id         TEXT PRIMARY KEY,
  cell_id    TEXT NOT NULL,
  text       TEXT NOT NULL,
  author_id  TEXT,
  created_at TEXT NOT NULL
) STRICT;
CREATE INDEX notes_cell ON notes_local (cell_id, created_at);

-- Logged-in crew. Which member is active (and whether the screen is locked) is held in memory:
-- after a restart the crew and their timers are still here, but a PIN must be entered again.
CREATE TABLE crew_sessions (
  profile_id TEXT PRIMARY KEY,
  opened_at  TEXT NOT NULL
) STRICT;

-- Wrong-PIN counters and lockouts, from session.login_failed / locked_out / unlocked / opened,
-- so a lockout survives a restart and the central sees the same facts.
CREATE TABLE pin_lockouts (
  profile_id      TEXT PRIMARY KEY,
  failures        INTEGER NOT NULL,
  last_failure_at TEXT NOT NULL,
  locked_until    TEXT
) STRICT;

CREATE TABLE custom_field_captures (
  event_id     TEXT NOT NULL,
  operation_id TEXT NOT NULL,
  phase        TEXT NOT NULL,
  key          TEXT NOT NULL,
  value        TEXT NOT NULL,  -- JSON
  profile_id   TEXT,
  captured_at  TEXT NOT NULL,
  PRIMARY KEY (event_id, key)
) STRICT;
CREATE INDEX custom_field_captures_op ON custom_field_captures (operation_id);

-- The cell queue -------------------------------------------------------------------------
-- A denormalised, queue-ordered copy of every open operation, maintained by triggers on the
-- pulled reference tables and on the projections above. The sync pull writes operations, parts
-- and jobs without knowing about the queue; the triggers keep it right. The queue query then
-- reads the first N rows of each (cell, section) straight off the table's key order, and the counts off
-- queue_counts, so it costs the same at 100k or 1M operations.
-- section: 0 in process (in progress, on hold, or an open entry), 1 ready, 2 upcoming.
CREATE TABLE queue_entries (
  cell_id        TEXT NOT NULL,
  section        INTEGER NOT NULL,
  bullet         INTEGER NOT NULL,
  eff_due        TEXT NOT NULL,  -- override wins; '9999' sorts undated work last
  sequence       INTEGER NOT NULL,
  operation_id   TEXT NOT NULL,
  part_id        TEXT NOT NULL,
  job_id         TEXT NOT NULL,
  status         TEXT NOT NULL,
  operation_name TEXT NOT NULL,
  job_number     TEXT NOT NULL,
  customer       TEXT,
  part_number    TEXT NOT NULL,
  material       TEXT,
  quantity       INTEGER NOT NULL,
  estimated_time REAL,
  actual_time    REAL,
  due_date       TEXT,
  -- Rows are stored in queue order (WITHOUT ROWID), with what a queue card shows, so the first N
  -- entries of a section are a few adjacent pages, whatever the size of the store.
  PRIMARY KEY (cell_id, section, bullet DESC, eff_due, sequence, operation_id)
) STRICT, WITHOUT ROWID;
CREATE UNIQUE INDEX queue_operation ON queue_entries (operation_id);
CREATE INDEX queue_part ON queue_entries (part_id);
CREATE INDEX queue_job ON queue_entries (job_id);

CREATE TABLE queue_counts (
  cell_id TEXT NOT NULL,
  section INTEGER NOT NULL,
  n       INTEGER NOT NULL,
  PRIMARY KEY (cell_id, section)
) STRICT;

-- What the queue row of each open operation should be. Routing order: an operation is ready only
-- when every earlier (lower sequence) operation of its part is completed.
CREATE VIEW queue_source AS
SELECT o.cell_id,
  CASE
    WHEN coalesce(s.status, o.status) IN ('in_progress', 'on_hold')
      OR EXISTS (SELECT 1 FROM time_entries_local t WHERE t.operation_id = o.id AND t.ended_at IS NULL) THEN 0
    WHEN EXISTS (
      SELECT 1 FROM operations o2 LEFT JOIN op_state s2 ON s2.operation_id = o2.id
      WHERE o2.part_id = o.part_id AND o2.sequence < o.sequence AND o2.deleted_at IS NULL
        AND coalesce(s2.status, o2.status) <> 'completed') THEN 2
    ELSE 1
  END AS section,
  p.is_bullet_card AS bullet,
  coalesce(j.due_date_override, j.due_date, '9999') AS eff_due,
  o.sequence, o.id AS operation_id, o.part_id, p.job_id,
  coalesce(s.status, o.status) AS status, o.operation_name, j.job_number, j.customer, p.part_number, p.material, p.quantity,
  o.estimated_time, o.actual_time, coalesce(j.due_date_override, j.due_date) AS due_date
FROM operations o
JOIN parts p ON p.id = o.part_id AND p.deleted_at IS NULL
JOIN jobs j ON j.id = p.job_id AND j.deleted_at IS NULL
LEFT JOIN op_state s ON s.operation_id = o.id
WHERE o.deleted_at IS NULL AND coalesce(s.status, o.status) <> 'completed';

CREATE TRIGGER queue_count_ins AFTER INSERT ON queue_entries BEGIN
  INSERT INTO queue_counts (cell_id, section, n) VALUES (NEW.cell_id, NEW.section, 1)
  ON CONFLICT (cell_id, section) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER queue_count_del AFTER DELETE ON queue_entries BEGIN
  UPDATE queue_counts SET n = n - 1 WHERE cell_id = OLD.cell_id AND section = OLD.section;
END;

-- Refreshing a part recomputes all of its operations, because one completion moves its
-- successors from upcoming to ready.
CREATE TRIGGER queue_op_ins AFTER INSERT ON operations BEGIN
  -- By operation id too: an INSERT OR REPLACE that moved the operation to another part.
  DELETE FROM queue_entries WHERE part_id = NEW.part_id OR operation_id = NEW.id;
  INSERT INTO queue_entries SELECT * FROM queue_source WHERE part_id = NEW.part_id;
END;
CREATE TRIGGER queue_op_upd AFTER UPDATE OF part_id, cell_id, sequence, status, deleted_at, operation_name, estimated_time, actual_time ON operations BEGIN
  DELETE FROM queue_entries WHERE part_id IN (OLD.part_id, NEW.part_id);
  INSERT INTO queue_entries SELECT * FROM queue_source WHERE part_id IN (OLD.part_id, NEW.part_id);
END;
CREATE TRIGGER queue_op_del AFTER DELETE ON operations BEGIN
  DELETE FROM queue_entries WHERE part_id = OLD.part_id;
  INSERT INTO queue_entries SELECT * FROM queue_source WHERE part_id = OLD.part_id;
END;

CREATE TRIGGER queue_part_ins AFTER INSERT ON parts BEGIN
  DELETE FROM queue_entries WHERE part_id = NEW.id;
  INSERT INTO queue_entries SELECT * FROM queue_source WHERE part_id = NEW.id;
END;
CREATE TRIGGER queue_part_upd AFTER UPDATE OF job_id, is_bullet_card, deleted_at, part_number, material, quantity ON parts BEGIN
  DELETE FROM queue_entries WHERE part_id = NEW.id;
  INSERT INTO queue_entries SELECT * FROM queue_source WHERE part_id = NEW.id;
END;
CREATE TRIGGER queue_part_del AFTER DELETE ON parts BEGIN
  DELETE FROM queue_entries WHERE part_id = OLD.id;
END;

CREATE TRIGGER queue_job_ins AFTER INSERT ON jobs BEGIN
  DELETE FROM queue_entries WHERE job_id = NEW.id;
  INSERT INTO queue_entries SELECT * FROM queue_source WHERE job_id = NEW.id;
END;
CREATE TRIGGER queue_job_upd AFTER UPDATE OF due_date, due_date_override, deleted_at, job_number, customer ON jobs BEGIN
  DELETE FROM queue_entries WHERE job_id = NEW.id;
  INSERT INTO queue_entries SELECT * FROM queue_source WHERE job_id = NEW.id;
END;
CREATE TRIGGER queue_job_del AFTER DELETE ON jobs BEGIN
  DELETE FROM queue_entries WHERE job_id = OLD.id;
END;

CREATE TRIGGER queue_state_ins AFTER INSERT ON op_state BEGIN
  DELETE FROM queue_entries WHERE part_id = (SELECT part_id FROM operations WHERE id = NEW.operation_id);
  INSERT INTO queue_entries SELECT * FROM queue_source WHERE part_id = (SELECT part_id FROM operations WHERE id = NEW.operation_id);
END;
CREATE TRIGGER queue_state_upd AFTER UPDATE OF status ON op_state WHEN OLD.status IS NOT NEW.status BEGIN
  DELETE FROM queue_entries WHERE part_id = (SELECT part_id FROM operations WHERE id = NEW.operation_id);
  INSERT INTO queue_entries SELECT * FROM queue_source WHERE part_id = (SELECT part_id FROM operations WHERE id = NEW.operation_id);
END;
CREATE TRIGGER queue_state_del AFTER DELETE ON op_state BEGIN
  DELETE FROM queue_entries WHERE part_id = (SELECT part_id FROM operations WHERE id = OLD.operation_id);
  INSERT INTO queue_entries SELECT * FROM queue_source WHERE part_id = (SELECT part_id FROM operations WHERE id = OLD.operation_id);
END;

-- An open or closed time entry only moves an operation between sections when its status does
-- not already put it in process, so the common case (clocking on/off work in progress) skips it.
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

-- A store upgraded from 001 already holds pulled operations: queue them now, the triggers only
-- see changes from here on.
INSERT INTO queue_entries SELECT * FROM queue_source;
