-- 020: machine integration state (issue 6). De-duplication of machine counts, the answers stored
-- for Idempotency-Key replays, the last count per resource (counter resets and the stop watcher),
-- a counts projection for live OEE, and the UNS publisher cursors. (Stops the watcher opens are the
-- core's downtime_stops rows with source 'machine'.)
-- All of it is written in the SAME transaction as the outbox event it belongs to, so after a crash
-- the de-dup state and the outbox never disagree.

-- One row per accepted (machine, machine_seq): a replayed sequence returns the stored event id.
CREATE TABLE machine_seq_seen (
  machine_id  TEXT    NOT NULL,
  machine_seq INTEGER NOT NULL,
  event_id    TEXT    NOT NULL,
  count_id    TEXT    NOT NULL,
  PRIMARY KEY (machine_id, machine_seq)
) STRICT, WITHOUT ROWID;

-- An Idempotency-Key and the answer it got. request_hash detects a key reused for another body.
CREATE TABLE machine_idempotency (
  machine_id   TEXT NOT NULL,
  idem_key     TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  status       INTEGER NOT NULL,
  response     TEXT NOT NULL,
  created_at   TEXT NOT NULL,
  PRIMARY KEY (machine_id, idem_key)
) STRICT, WITHOUT ROWID;

-- The latest count per resource: the absolute counter (for reset detection) and when it arrived
-- (wall + monotonic reading, for the stop watcher).
CREATE TABLE machine_resource_state (
  resource_id   TEXT PRIMARY KEY,
  cell_id       TEXT NOT NULL,
  last_seq      INTEGER NOT NULL,
  last_counter  INTEGER,
  last_count_at TEXT NOT NULL,
  last_mono_ms  REAL NOT NULL,
  boot_id       TEXT NOT NULL
) STRICT;

-- Counts per cell over time, for live OEE without scanning the outbox.
CREATE TABLE machine_counts (
  count_id    TEXT PRIMARY KEY,
  cell_id     TEXT NOT NULL,
  resource_id TEXT,
  delta       INTEGER NOT NULL,
  counted_at  TEXT NOT NULL
) STRICT;
CREATE INDEX machine_counts_cell_time ON machine_counts (cell_id, counted_at);

-- How far each UNS publisher has published the outbox (its own cursor, not the sync's sent flags).
CREATE TABLE machine_publish_cursor (
  publisher_id    TEXT PRIMARY KEY,
  last_device_seq INTEGER NOT NULL
) STRICT;
