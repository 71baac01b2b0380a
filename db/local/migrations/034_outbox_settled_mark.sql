-- 034: one index page fewer per command. The push finds the events still to send from a
-- settled-through mark instead of from the outbox_unsent index.
-- Why: every command appends one outbox row, and each index on the outbox is one more page that the
-- operator's tap writes to the WAL and fsyncs at commit (see 031, 033). On this disk a commit's
-- fsync grows with the pages it carries, most of all in its slow tail.
-- The mark only says where to START looking: every row at or below it has been answered by the
-- central (sent_at is set). Every read still tests sent_at itself, so a mark that lags behind costs
-- a longer scan, never a skipped event. It moves only inside the transactions that record the
-- central's verdicts or mark events for resending, computed from the outbox rows themselves.
CREATE TABLE outbox_settled (
  one     INTEGER PRIMARY KEY CHECK (one = 1),
  through INTEGER NOT NULL CHECK (through >= 0)
) STRICT;

INSERT INTO outbox_settled (one, through) VALUES (1, coalesce(
  (SELECT min(device_seq) - 1 FROM outbox WHERE sent_at IS NULL),
  (SELECT max(device_seq) FROM outbox),
  0));

-- The push now reads outbox rows by device_seq (the rowid) from the mark; the pending count and a
-- pull's "is this entity waiting to be pushed" keep outbox_entity_pending.
DROP INDEX outbox_unsent;
