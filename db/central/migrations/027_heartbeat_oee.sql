-- 027: the heartbeat also carries the terminal's live OEE per cell and shift (issue 6: "shown on
-- the terminal and included in the heartbeat"), stored as reported on terminals.oee (jsonb, 004).
-- A heartbeat without it (an older terminal) clears the column rather than leaving a stale shift's
-- figures; a malformed or oversized one is refused with the field named, nothing stored.
--
-- Done as a wrapper around the health part of 021 (renamed sync_heartbeat_health, no longer part
-- of the terminal's surface), so those rules are not restated here; both run in the caller's
-- transaction, so a refused heartbeat stores nothing.

ALTER FUNCTION terminal_heartbeat(text, jsonb) RENAME TO sync_heartbeat_health;
REVOKE EXECUTE ON FUNCTION sync_heartbeat_health(text, jsonb) FROM PUBLIC, shopfloor_terminal, anon;

CREATE FUNCTION terminal_heartbeat(p_credential text, p_stats jsonb) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_term public.terminals := sync_authenticate(p_credential);
  v_result jsonb;
BEGIN
  IF jsonb_typeof(p_stats) = 'object' AND p_stats ? 'oee' AND jsonb_typeof(p_stats -> 'oee') NOT IN ('array', 'null') THEN
    RAISE EXCEPTION 'stats.oee: expected an array of per-cell OEE snapshots' USING ERRCODE = 'SF400';
  END IF;
  -- A terminal serves a handful of cells; 64 KB bounds what one device can park on the row.
  IF octet_length((p_stats -> 'oee')::text) > 65536 THEN
    RAISE EXCEPTION 'stats.oee: larger than 64 KB' USING ERRCODE = 'SF413';
  END IF;
  v_result := sync_heartbeat_health(p_credential, p_stats);
  UPDATE public.terminals SET oee = CASE WHEN jsonb_typeof(p_stats -> 'oee') = 'array' THEN p_stats -> 'oee' END WHERE id = v_term.id;
  RETURN v_result;
END $$;
REVOKE EXECUTE ON FUNCTION terminal_heartbeat(text, jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION terminal_heartbeat(text, jsonb) TO shopfloor_terminal, anon;
