-- 027: the heartbeat also carries the terminal's live OEE per cell and shift (issue 6: "shown on
-- the terminal and included in the heartbeat"), stored as reported on terminals.oee (jsonb, 004).
-- A heartbeat without it (an older terminal) clears the column rather than leaving a stale shift's
-- figures; a malformed or oversized one is refused with the field named, nothing stored.
CREATE OR REPLACE FUNCTION terminal_heartbeat(p_credential text, p_stats jsonb) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_term public.terminals := sync_authenticate(p_credential);
BEGIN
  IF p_stats IS NULL OR jsonb_typeof(p_stats) <> 'object' THEN
    RAISE EXCEPTION 'stats: expected an object' USING ERRCODE = 'SF400';
  END IF;
  IF p_stats ? 'oee' AND jsonb_typeof(p_stats -> 'oee') NOT IN ('array', 'null') THEN
    RAISE EXCEPTION 'stats.oee: expected an array of per-cell OEE snapshots' USING ERRCODE = 'SF400';
  END IF;
  -- A terminal serves a handful of cells; 64 KB bounds what one device can park on the row.
  IF octet_length((p_stats -> 'oee')::text) > 65536 THEN
    RAISE EXCEPTION 'stats.oee: larger than 64 KB' USING ERRCODE = 'SF413';
  END IF;
  UPDATE public.terminals SET
    app_version = coalesce(left(p_stats ->> 'app_version', 50), app_version),
    queue_depth = CASE WHEN jsonb_typeof(p_stats -> 'queue_depth') = 'number' THEN (p_stats ->> 'queue_depth')::numeric::integer END,
    oldest_pending_s = CASE WHEN jsonb_typeof(p_stats -> 'oldest_pending_age_s') = 'number' THEN (p_stats ->> 'oldest_pending_age_s')::numeric END,
    dead_letters = CASE WHEN jsonb_typeof(p_stats -> 'dead_letters') = 'number' THEN (p_stats ->> 'dead_letters')::numeric::integer END,
    clock_skew_ms = CASE WHEN jsonb_typeof(p_stats -> 'clock_skew_ms') = 'number'
                         THEN greatest(-2147483648, least(2147483647, (p_stats ->> 'clock_skew_ms')::numeric))::integer END,
    oee = CASE WHEN jsonb_typeof(p_stats -> 'oee') = 'array' THEN p_stats -> 'oee' END,
    last_seen_at = now()
  WHERE id = v_term.id;
  RETURN jsonb_build_object('server_time', to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
    'min_schema', sync_schema_min(), 'max_schema', sync_schema_max());
END $$;
