-- 038: the supervisor's list of time entries the ghost-timer sweep closed (needs_review = 1),
-- read by time_entries.to_review without scanning every entry the terminal ever recorded.
-- Partial, so a tap's commit never touches it: entries are opened and closed by people with
-- needs_review = 0, and only the sweep's close and the review that follows write to it.
CREATE INDEX time_entries_to_review ON time_entries_local (started_at) WHERE needs_review = 1;
