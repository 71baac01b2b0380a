-- 031: fewer index pages written per command. Every page a transaction dirties is one more WAL
-- frame to write, checksum and fsync at commit, and an operator's tap waits for that commit
-- (synchronous=FULL). Two pairs of indexes answered the same questions; each pair becomes one.

-- outbox_pending (unsent, not dead) and outbox_unsent (unsent) indexed the same rows save the few
-- dead letters. One index over unsent rows carrying dead_at serves both, and carrying sent_at (always
-- NULL here) lets SQLite answer the pending count, the first pending row and the push scan's order
-- from the index alone (a covering index; the old pending index was not one).
DROP INDEX outbox_pending;
DROP INDEX outbox_unsent;
CREATE INDEX outbox_unsent ON outbox (device_seq, dead_at, sent_at) WHERE sent_at IS NULL;

-- time_entries_open_op (open entries of an operation) and time_entries_op (all entries of an
-- operation) become one index on (operation_id, ended_at): open entries are its (op, NULL) prefix,
-- and closing an entry moves it within the same operation's run of keys.
DROP INDEX time_entries_open_op;
DROP INDEX time_entries_op;
CREATE INDEX time_entries_op ON time_entries_local (operation_id, ended_at);
