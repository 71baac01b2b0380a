-- 033: one index page fewer per command. The outbox's event_id stops being a UNIQUE key.
-- Why: every command appends one outbox row, and every index on the outbox is one more page that
-- the operator's tap writes to the WAL and fsyncs at commit (see 031). On this terminal an event is
-- identified by device_seq (the rowid), which every lookup now uses; event_id stays on each row as
-- the event's identity at the central.
-- Uniqueness does not rest on this index: ids are minted in one place (appendEvent), a UUIDv7 with
-- 74 random bits per millisecond, and the central refuses a second event under an id it already
-- holds ("already recorded"), so even a collision would be dead-lettered visibly, never dropped.

-- A replayed machine count is answered from its original event, now found by device_seq.
ALTER TABLE machine_seq_seen ADD COLUMN device_seq INTEGER;
UPDATE machine_seq_seen SET device_seq = (SELECT o.device_seq FROM outbox o WHERE o.event_id = machine_seq_seen.event_id);

-- SQLite cannot drop a UNIQUE constraint, so the table is rebuilt by its documented procedure.
-- legacy_alter_table: the rename must not re-parse 021's op_status_settle trigger (it names the
-- outbox) while the old table is gone; the trigger resolves the name at run time as before.
PRAGMA legacy_alter_table = ON;
CREATE TABLE outbox_033 (
  device_seq      INTEGER PRIMARY KEY,
  event_id        TEXT    NOT NULL,
  type            TEXT    NOT NULL,
  schema_version  INTEGER NOT NULL,
  payload         TEXT    NOT NULL,
  occurred_at     TEXT    NOT NULL,
  mono_ms         REAL    NOT NULL,
  boot_id         TEXT    NOT NULL,
  actor_id        TEXT,
  -- The main row the event touches (an operation, a stop, an issue), so a pull never
  -- overwrites a local fact that is still waiting to be pushed.
  entity_id       TEXT,
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT,
  last_error      TEXT,
  sent_at         TEXT,
  dead_at         TEXT,
  dead_reason     TEXT
) STRICT;
INSERT INTO outbox_033 (device_seq, event_id, type, schema_version, payload, occurred_at, mono_ms, boot_id, actor_id, entity_id,
                        attempts, next_attempt_at, last_error, sent_at, dead_at, dead_reason)
SELECT device_seq, event_id, type, schema_version, payload, occurred_at, mono_ms, boot_id, actor_id, entity_id,
       attempts, next_attempt_at, last_error, sent_at, dead_at, dead_reason
FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_033 RENAME TO outbox;
PRAGMA legacy_alter_table = OFF;
CREATE INDEX outbox_dead ON outbox (device_seq) WHERE dead_at IS NOT NULL;
CREATE INDEX outbox_entity_pending ON outbox (entity_id) WHERE sent_at IS NULL AND dead_at IS NULL;
CREATE INDEX outbox_unsent ON outbox (device_seq, dead_at, sent_at) WHERE sent_at IS NULL;
