-- 036: one page fewer for a pause (see 031, 033-035). The seconds an operation has been worked on
-- this terminal are the sum of its closed time entries' durations, read when the queue is shown,
-- instead of a running total that every pause rewrote in op_totals. The entries are the facts (each
-- measured on the monotonic clock when it was closed); the total was only a copy of their sum.
ALTER TABLE op_totals DROP COLUMN closed_seconds;
