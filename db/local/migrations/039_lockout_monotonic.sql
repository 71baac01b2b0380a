-- 039: a PIN lockout is timed on the monotonic clock while the machine runs, as durations are.
-- A kiosk whose wall clock steps (an NTP correction after a dead RTC battery, a manual change)
-- must neither release a lockout early nor stretch it. The lockout records the boot and the
-- monotonic reading it started at and how long it lasts; in that same boot the monotonic clock
-- decides, and after a restart, where only wall time is comparable, locked_until does (as before).
-- Rows from before this migration have no reading and keep the wall-time rule.
ALTER TABLE pin_lockouts ADD COLUMN locked_boot TEXT;
ALTER TABLE pin_lockouts ADD COLUMN locked_mono REAL;
ALTER TABLE pin_lockouts ADD COLUMN lock_ms INTEGER;
