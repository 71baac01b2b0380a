-- 030: the pull horizon (025) takes a fresh look when the transaction holding it back has already
-- finished. Counting a running transaction whose database cannot be told is safe but conservative:
-- one that ends between the snapshot and the lock check still holds the horizon, and rows that
-- committed meanwhile wait for the next pull. Each statement of this plpgsql function takes a new
-- snapshot (READ COMMITTED), so re-reading after such a transaction has ended gives a horizon that
-- is still below every transaction of this database running at that newer snapshot — the same
-- guarantee as before, only fresher. Bounded, so a busy server cannot keep a pull looping.
CREATE OR REPLACE FUNCTION sync_pull_horizon() RETURNS xid8
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  snap pg_snapshot;
  h xid8;
BEGIN
  FOR attempt IN 1..4 LOOP
    snap := pg_current_snapshot();
    SELECT min(r.x) INTO h
    FROM pg_snapshot_xip(snap) AS r(x)
    WHERE NOT EXISTS (
      SELECT 1 FROM pg_catalog.pg_locks l JOIN pg_catalog.pg_stat_activity a ON a.pid = l.pid
      WHERE l.locktype = 'transactionid'
        AND l.transactionid::text = (r.x::text::numeric % 4294967296)::text
        AND a.datname IS NOT NULL AND a.datname <> current_database());
    IF h IS NULL THEN
      RETURN pg_snapshot_xmax(snap); -- nothing of this database was running
    END IF;
    -- Held back by a transaction still running: this horizon is as fresh as it gets.
    EXIT WHEN pg_xact_status(h) = 'in progress';
  END LOOP;
  RETURN h;
END $$;
REVOKE EXECUTE ON FUNCTION sync_pull_horizon() FROM PUBLIC;
