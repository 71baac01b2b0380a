-- 010: sync bookkeeping. The push queue is every outbox row the central has not acknowledged,
-- including dead letters the central has not yet recorded as refused (they are sent as "skip"
-- entries so the gapless device_seq never wedges). This index serves that scan.
CREATE INDEX outbox_unsent ON outbox (device_seq) WHERE sent_at IS NULL;

-- Pulled rows that arrived while a local fact about the same row was still waiting to be pushed.
-- They are applied as soon as that fact is acknowledged, so a pull never overwrites local work
-- and a central change (a PIN reset, a re-plan) is never lost either.
CREATE TABLE pull_deferred (
  tbl     TEXT NOT NULL,
  id      TEXT NOT NULL,
  version INTEGER NOT NULL,
  deleted INTEGER NOT NULL,
  row     TEXT NOT NULL,
  PRIMARY KEY (tbl, id)
) STRICT;

-- A photo the central refused for good (its issue was rejected): kept, not retried, shown.
ALTER TABLE attachments ADD COLUMN upload_error TEXT;
