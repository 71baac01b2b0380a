-- 025: terminal_pull(credential, cursor, limit) → {server_time, cursor, more, rows[]}.
-- Pages are ordered by (sync_xid, sync_version) and hold only rows whose writing transaction id
-- is below the oldest transaction still running (pg_snapshot_xmin of the current snapshot). A
-- long-running transaction therefore holds back the horizon instead of being skipped: when it
-- commits, its rows are still ahead of every cursor handed out meanwhile (see 020's header).
-- The cursor is "xid:version", opaque to the terminal. Deletes arrive as tombstones (d = true).
-- Scope: the terminal's tenant, and for the work queue its cells: the operations of every part
-- that has an operation in those cells (the whole routing, for the sequence check at Start), those
-- parts and their jobs, the operations' resources; reference lists of the tenant.

-- The horizon: the oldest transaction of THIS database still running when the pull starts (or
-- the snapshot's xmax when none is). Transaction ids are cluster-wide, but a backend can only
-- write the database it is connected to, so a long transaction in another database (a second
-- central, a test suite next door) must not stall this one's terminals. A running transaction
-- whose database cannot be told is counted, which only ever delays rows, never skips them.
CREATE FUNCTION sync_pull_horizon() RETURNS xid8
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  WITH s AS (SELECT pg_current_snapshot() AS snap)
  SELECT coalesce(min(r.x), (SELECT pg_snapshot_xmax(snap) FROM s))
  FROM s, pg_snapshot_xip(s.snap) AS r(x)
  WHERE NOT EXISTS (
    SELECT 1 FROM pg_catalog.pg_locks l JOIN pg_catalog.pg_stat_activity a ON a.pid = l.pid
    WHERE l.locktype = 'transactionid'
      AND l.transactionid::text = (r.x::text::numeric % 4294967296)::text
      AND a.datname IS NOT NULL AND a.datname <> current_database())
$$;
REVOKE EXECUTE ON FUNCTION sync_pull_horizon() FROM PUBLIC;

CREATE FUNCTION terminal_pull(p_credential text, p_cursor text, p_limit integer) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_term public.terminals := sync_authenticate(p_credential);
  t uuid := v_term.tenant_id;
  c uuid[] := v_term.cell_ids;
  v_horizon xid8 := sync_pull_horizon();
  cx xid8;
  cv bigint;
  n integer := least(greatest(coalesce(p_limit, 1000), 1), 10000);
BEGIN
  IF p_cursor IS NULL OR p_cursor = '' THEN
    cx := '0'::xid8; cv := 0;
  ELSIF p_cursor ~ '^\d{1,20}:\d{1,20}$' THEN
    cx := split_part(p_cursor, ':', 1)::xid8; cv := split_part(p_cursor, ':', 2)::bigint;
  ELSE
    RAISE EXCEPTION 'cursor: "%" is not a cursor this central issued', left(p_cursor, 60) USING ERRCODE = 'SF400';
  END IF;

  -- Each table contributes at most n + 1 rows, so "more" is exact: any table with rows beyond
  -- this page pushes the union past n.
  RETURN (
  WITH u (tb, v, x, d, id) AS MATERIALIZED (
    (SELECT 'tenants', s.sync_version, s.sync_xid, false, s.id
       FROM public.tenants s WHERE s.id = t AND (s.sync_xid, s.sync_version) > (cx, cv) AND s.sync_xid < v_horizon ORDER BY s.sync_xid, s.sync_version LIMIT n + 1)
    UNION ALL
    (SELECT 'cells', s.sync_version, s.sync_xid, false, s.id
       FROM public.cells s WHERE s.tenant_id = t AND (s.sync_xid, s.sync_version) > (cx, cv) AND s.sync_xid < v_horizon ORDER BY s.sync_xid, s.sync_version LIMIT n + 1)
    UNION ALL
    (SELECT 'operations', s.sync_version, s.sync_xid, false, s.id
       FROM public.operations s WHERE s.tenant_id = t AND (s.sync_xid, s.sync_version) > (cx, cv) AND s.sync_xid < v_horizon
        AND EXISTS (SELECT 1 FROM public.operations q WHERE q.cell_id = ANY (c) AND q.part_id = s.part_id)
      ORDER BY s.sync_xid, s.sync_version LIMIT n + 1)
    UNION ALL
    (SELECT 'parts', s.sync_version, s.sync_xid, false, s.id
       FROM public.parts s WHERE s.tenant_id = t AND (s.sync_xid, s.sync_version) > (cx, cv) AND s.sync_xid < v_horizon
        AND EXISTS (SELECT 1 FROM public.operations q WHERE q.part_id = s.id AND q.cell_id = ANY (c))
      ORDER BY s.sync_xid, s.sync_version LIMIT n + 1)
    UNION ALL
    (SELECT 'jobs', s.sync_version, s.sync_xid, false, s.id
       FROM public.jobs s WHERE s.tenant_id = t AND (s.sync_xid, s.sync_version) > (cx, cv) AND s.sync_xid < v_horizon
        AND EXISTS (SELECT 1 FROM public.parts p JOIN public.operations q ON q.part_id = p.id WHERE p.job_id = s.id AND q.cell_id = ANY (c))
      ORDER BY s.sync_xid, s.sync_version LIMIT n + 1)
    UNION ALL
    (SELECT 'resources', s.sync_version, s.sync_xid, false, s.id
       FROM public.resources s WHERE s.tenant_id = t AND (s.sync_xid, s.sync_version) > (cx, cv) AND s.sync_xid < v_horizon ORDER BY s.sync_xid, s.sync_version LIMIT n + 1)
    UNION ALL
    (SELECT 'operation_resources', s.sync_version, s.sync_xid, false, s.id
       FROM public.operation_resources s WHERE (s.sync_xid, s.sync_version) > (cx, cv) AND s.sync_xid < v_horizon
        AND EXISTS (SELECT 1 FROM public.operations q WHERE q.id = s.operation_id AND q.tenant_id = t AND q.cell_id = ANY (c))
      ORDER BY s.sync_xid, s.sync_version LIMIT n + 1)
    UNION ALL
    (SELECT 'profiles', s.sync_version, s.sync_xid, false, s.id
       FROM public.profiles s WHERE s.tenant_id = t AND (s.sync_xid, s.sync_version) > (cx, cv) AND s.sync_xid < v_horizon ORDER BY s.sync_xid, s.sync_version LIMIT n + 1)
    UNION ALL
    (SELECT 'api_keys', s.sync_version, s.sync_xid, false, s.id
       FROM public.api_keys s WHERE s.tenant_id = t AND (s.sync_xid, s.sync_version) > (cx, cv) AND s.sync_xid < v_horizon
        AND EXISTS (SELECT 1 FROM public.profiles m WHERE m.id = s.profile_id AND m.is_machine)
      ORDER BY s.sync_xid, s.sync_version LIMIT n + 1)
    UNION ALL
    (SELECT 'oee_downtime_groups', s.sync_version, s.sync_xid, false, s.id
       FROM public.oee_downtime_groups s WHERE s.tenant_id = t AND (s.sync_xid, s.sync_version) > (cx, cv) AND s.sync_xid < v_horizon ORDER BY s.sync_xid, s.sync_version LIMIT n + 1)
    UNION ALL
    (SELECT 'oee_downtime_reasons', s.sync_version, s.sync_xid, false, s.id
       FROM public.oee_downtime_reasons s WHERE s.tenant_id = t AND (s.sync_xid, s.sync_version) > (cx, cv) AND s.sync_xid < v_horizon ORDER BY s.sync_xid, s.sync_version LIMIT n + 1)
    UNION ALL
    (SELECT 'scrap_reasons', s.sync_version, s.sync_xid, false, s.id
       FROM public.scrap_reasons s WHERE s.tenant_id = t AND (s.sync_xid, s.sync_version) > (cx, cv) AND s.sync_xid < v_horizon ORDER BY s.sync_xid, s.sync_version LIMIT n + 1)
    UNION ALL
    (SELECT 'issue_categories', s.sync_version, s.sync_xid, false, s.id
       FROM public.issue_categories s WHERE s.tenant_id = t AND (s.sync_xid, s.sync_version) > (cx, cv) AND s.sync_xid < v_horizon ORDER BY s.sync_xid, s.sync_version LIMIT n + 1)
    UNION ALL
    (SELECT 'oee_station_custom_fields', s.sync_version, s.sync_xid, false, s.id
       FROM public.oee_station_custom_fields s WHERE s.tenant_id = t AND s.cell_id = ANY (c) AND (s.sync_xid, s.sync_version) > (cx, cv) AND s.sync_xid < v_horizon
      ORDER BY s.sync_xid, s.sync_version LIMIT n + 1)
    UNION ALL
    (SELECT 'mqtt_publishers', s.sync_version, s.sync_xid, false, s.id
       FROM public.mqtt_publishers s WHERE s.tenant_id = t AND (s.sync_xid, s.sync_version) > (cx, cv) AND s.sync_xid < v_horizon ORDER BY s.sync_xid, s.sync_version LIMIT n + 1)
    UNION ALL
    (SELECT s.table_name, s.sync_version, s.sync_xid, true, s.row_id
       FROM public.sync_tombstones s WHERE s.tenant_id = t AND (s.sync_xid, s.sync_version) > (cx, cv) AND s.sync_xid < v_horizon ORDER BY s.sync_xid, s.sync_version LIMIT n + 1)
  ),
  page AS (SELECT * FROM u ORDER BY x, v LIMIT n),
  last AS (SELECT x, v FROM page ORDER BY x DESC, v DESC LIMIT 1)
  SELECT jsonb_build_object(
    'server_time', to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
    'cursor', coalesce((SELECT last.x::text || ':' || last.v::text FROM last), cx::text || ':' || cv::text),
    'more', (SELECT count(*) FROM u) > n,
    -- Rows are turned into JSON only for the page itself, by primary key, not for every candidate.
    'rows', coalesce((SELECT jsonb_agg(jsonb_build_object('t', page.tb, 'v', page.v, 'x', page.x::text, 'd', page.d, 'r',
        CASE WHEN page.d THEN jsonb_build_object('id', page.id, 'deleted_at',
            (SELECT k.deleted_at FROM public.sync_tombstones k WHERE k.row_id = page.id AND k.table_name = page.tb AND k.sync_version = page.v))
          WHEN page.tb = 'tenants' THEN (SELECT to_jsonb(s) - '{sync_xid,sync_version,plan,status,max_jobs,max_parts_per_month,current_jobs,current_parts_this_month}'::text[] FROM public.tenants s WHERE s.id = page.id)
          WHEN page.tb = 'cells' THEN (SELECT to_jsonb(s) - '{sync_xid,sync_version}'::text[] FROM public.cells s WHERE s.id = page.id)
          WHEN page.tb = 'operations' THEN (SELECT to_jsonb(s) - '{sync_xid,sync_version,metadata}'::text[] FROM public.operations s WHERE s.id = page.id)
          WHEN page.tb = 'parts' THEN (SELECT to_jsonb(s) - '{sync_xid,sync_version,metadata}'::text[] FROM public.parts s WHERE s.id = page.id)
          WHEN page.tb = 'jobs' THEN (SELECT to_jsonb(s) - '{sync_xid,sync_version,metadata}'::text[] FROM public.jobs s WHERE s.id = page.id)
          WHEN page.tb = 'resources' THEN (SELECT to_jsonb(s) - '{sync_xid,sync_version,metadata}'::text[] FROM public.resources s WHERE s.id = page.id)
          WHEN page.tb = 'operation_resources' THEN (SELECT to_jsonb(s) - '{sync_xid,sync_version}'::text[] FROM public.operation_resources s WHERE s.id = page.id)
          WHEN page.tb = 'profiles' THEN (SELECT to_jsonb(s) - '{sync_xid,sync_version,email,username,has_email_login,is_root_admin,onboarding_completed}'::text[] FROM public.profiles s WHERE s.id = page.id)
          WHEN page.tb = 'api_keys' THEN (SELECT to_jsonb(s) - '{sync_xid,sync_version,name,created_by,last_used_at}'::text[] FROM public.api_keys s WHERE s.id = page.id)
          WHEN page.tb = 'oee_downtime_groups' THEN (SELECT to_jsonb(s) - '{sync_xid,sync_version}'::text[] FROM public.oee_downtime_groups s WHERE s.id = page.id)
          WHEN page.tb = 'oee_downtime_reasons' THEN (SELECT to_jsonb(s) - '{sync_xid,sync_version}'::text[] FROM public.oee_downtime_reasons s WHERE s.id = page.id)
          WHEN page.tb = 'scrap_reasons' THEN (SELECT to_jsonb(s) - '{sync_xid,sync_version}'::text[] FROM public.scrap_reasons s WHERE s.id = page.id)
          WHEN page.tb = 'issue_categories' THEN (SELECT to_jsonb(s) - '{sync_xid,sync_version}'::text[] FROM public.issue_categories s WHERE s.id = page.id)
          WHEN page.tb = 'oee_station_custom_fields' THEN (SELECT to_jsonb(s) - '{sync_xid,sync_version}'::text[] FROM public.oee_station_custom_fields s WHERE s.id = page.id)
          WHEN page.tb = 'mqtt_publishers' THEN (SELECT to_jsonb(s) - '{sync_xid,sync_version}'::text[] FROM public.mqtt_publishers s WHERE s.id = page.id)
        END) ORDER BY page.x, page.v) FROM page), '[]'::jsonb)));
END $$;
