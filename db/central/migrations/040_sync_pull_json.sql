-- 040: terminal_pull builds its answer as json text instead of jsonb (issue 4, pull_100k_s).
-- Same arguments, same checks, same candidate query and paging (025), same answer shape
-- {server_time, cursor, more, rows: [{t, v, x, d, r}]}: only the type of the value changes. A
-- 5,000-row page spent most of its time building jsonb (to_jsonb per row, key removal, jsonb_agg)
-- that was then printed as text for the wire anyway; json is built as text directly (about half
-- the time per page). Both transports already parse json and jsonb alike (node-postgres parses
-- both; PostgREST passes either through), so older terminals keep working.
-- A function's result type cannot be changed by CREATE OR REPLACE, hence DROP and CREATE (in
-- the migration's one transaction) and the grants of 026 again.
-- The three tables that make up a first pull (operations, parts, jobs) name their columns: all of
-- the table's columns except sync_xid, sync_version and metadata, exactly what 025 sent. The small
-- reference tables keep 025's to_jsonb(row) minus the columns never sent to a terminal.

DROP FUNCTION terminal_pull(text, text, integer);

CREATE FUNCTION terminal_pull(p_credential text, p_cursor text, p_limit integer) RETURNS json
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_term public.terminals := sync_authenticate(p_credential);
  t uuid := v_term.tenant_id;
  c uuid[] := v_term.cell_ids;
  v_horizon xid8 := sync_pull_horizon();
  cx xid8;
  cv bigint;
  n integer := least(greatest(coalesce(p_limit, 1000), 1), 10000);
  -- The bound: no row after the (n+1)-th candidate of a table taken so far can be on this page
  -- or decide "more", so later tables are read only up to it (an index condition).
  bx xid8 := v_horizon;
  bv bigint := 9223372036854775807;
  ov bigint[]; ox xid8[]; oi uuid[];
  pv bigint[]; px xid8[]; pi uuid[];
  jv bigint[]; jx xid8[]; ji uuid[];
BEGIN
  IF p_cursor IS NULL OR p_cursor = '' THEN
    cx := '0'::xid8; cv := 0;
  ELSIF p_cursor ~ '^\d{1,20}:\d{1,20}$' THEN
    cx := split_part(p_cursor, ':', 1)::xid8; cv := split_part(p_cursor, ':', 2)::bigint;
  ELSE
    RAISE EXCEPTION 'cursor: "%" is not a cursor this central issued', left(p_cursor, 60) USING ERRCODE = 'SF400';
  END IF;

  -- The big tables of a first pull first, one after the other, each read only up to the bound
  -- the ones before set (in version order they mostly come in runs: a first pull's operations
  -- are all older than its re-stamped parts and jobs, so the parts and jobs of that page are
  -- never even read). Each table contributes at most n + 1 rows, so "more" stays exact.
  SELECT array_agg(q.v ORDER BY q.x, q.v), array_agg(q.x ORDER BY q.x, q.v), array_agg(q.id ORDER BY q.x, q.v) INTO ov, ox, oi
  FROM (SELECT s.sync_version AS v, s.sync_xid AS x, s.id
          FROM public.operations s WHERE s.tenant_id = t AND (s.sync_xid, s.sync_version) > (cx, cv) AND s.sync_xid < v_horizon
           AND (s.sync_xid, s.sync_version) <= (bx, bv)
           AND EXISTS (SELECT 1 FROM public.operations q WHERE q.cell_id = ANY (c) AND q.part_id = s.part_id)
         ORDER BY s.sync_xid, s.sync_version LIMIT n + 1) q;
  IF cardinality(ov) > n THEN bx := ox[n + 1]; bv := ov[n + 1]; END IF;

  SELECT array_agg(q.v ORDER BY q.x, q.v), array_agg(q.x ORDER BY q.x, q.v), array_agg(q.id ORDER BY q.x, q.v) INTO pv, px, pi
  FROM (SELECT s.sync_version AS v, s.sync_xid AS x, s.id
          FROM public.parts s WHERE s.tenant_id = t AND (s.sync_xid, s.sync_version) > (cx, cv) AND s.sync_xid < v_horizon
           AND (s.sync_xid, s.sync_version) <= (bx, bv)
           AND EXISTS (SELECT 1 FROM public.operations q WHERE q.part_id = s.id AND q.cell_id = ANY (c))
         ORDER BY s.sync_xid, s.sync_version LIMIT n + 1) q;
  IF cardinality(pv) > n AND (px[n + 1], pv[n + 1]) < (bx, bv) THEN bx := px[n + 1]; bv := pv[n + 1]; END IF;

  SELECT array_agg(q.v ORDER BY q.x, q.v), array_agg(q.x ORDER BY q.x, q.v), array_agg(q.id ORDER BY q.x, q.v) INTO jv, jx, ji
  FROM (SELECT s.sync_version AS v, s.sync_xid AS x, s.id
          FROM public.jobs s WHERE s.tenant_id = t AND (s.sync_xid, s.sync_version) > (cx, cv) AND s.sync_xid < v_horizon
           AND (s.sync_xid, s.sync_version) <= (bx, bv)
           AND EXISTS (SELECT 1 FROM public.parts p JOIN public.operations q ON q.part_id = p.id WHERE p.job_id = s.id AND q.cell_id = ANY (c))
         ORDER BY s.sync_xid, s.sync_version LIMIT n + 1) q;
  IF cardinality(jv) > n AND (jx[n + 1], jv[n + 1]) < (bx, bv) THEN bx := jx[n + 1]; bv := jv[n + 1]; END IF;

  -- The other tables, bounded the same way; with the big ones' candidates, ordered into the page.
  RETURN (
  WITH u (tb, v, x, d, id) AS MATERIALIZED (
    (SELECT 'tenants', s.sync_version, s.sync_xid, false, s.id
       FROM public.tenants s WHERE s.id = t AND (s.sync_xid, s.sync_version) > (cx, cv) AND s.sync_xid < v_horizon AND (s.sync_xid, s.sync_version) <= (bx, bv) ORDER BY s.sync_xid, s.sync_version LIMIT n + 1)
    UNION ALL
    (SELECT 'cells', s.sync_version, s.sync_xid, false, s.id
       FROM public.cells s WHERE s.tenant_id = t AND (s.sync_xid, s.sync_version) > (cx, cv) AND s.sync_xid < v_horizon AND (s.sync_xid, s.sync_version) <= (bx, bv) ORDER BY s.sync_xid, s.sync_version LIMIT n + 1)
    UNION ALL
    SELECT 'operations', a.v, a.x, false, a.id FROM unnest(ov, ox, oi) AS a(v, x, id)
    UNION ALL
    SELECT 'parts', a.v, a.x, false, a.id FROM unnest(pv, px, pi) AS a(v, x, id)
    UNION ALL
    SELECT 'jobs', a.v, a.x, false, a.id FROM unnest(jv, jx, ji) AS a(v, x, id)
    UNION ALL
    (SELECT 'resources', s.sync_version, s.sync_xid, false, s.id
       FROM public.resources s WHERE s.tenant_id = t AND (s.sync_xid, s.sync_version) > (cx, cv) AND s.sync_xid < v_horizon AND (s.sync_xid, s.sync_version) <= (bx, bv) ORDER BY s.sync_xid, s.sync_version LIMIT n + 1)
    UNION ALL
    (SELECT 'operation_resources', s.sync_version, s.sync_xid, false, s.id
       FROM public.operation_resources s WHERE (s.sync_xid, s.sync_version) > (cx, cv) AND s.sync_xid < v_horizon AND (s.sync_xid, s.sync_version) <= (bx, bv)
        AND EXISTS (SELECT 1 FROM public.operations q WHERE q.id = s.operation_id AND q.tenant_id = t AND q.cell_id = ANY (c))
      ORDER BY s.sync_xid, s.sync_version LIMIT n + 1)
    UNION ALL
    (SELECT 'profiles', s.sync_version, s.sync_xid, false, s.id
       FROM public.profiles s WHERE s.tenant_id = t AND (s.sync_xid, s.sync_version) > (cx, cv) AND s.sync_xid < v_horizon AND (s.sync_xid, s.sync_version) <= (bx, bv) ORDER BY s.sync_xid, s.sync_version LIMIT n + 1)
    UNION ALL
    (SELECT 'api_keys', s.sync_version, s.sync_xid, false, s.id
       FROM public.api_keys s WHERE s.tenant_id = t AND (s.sync_xid, s.sync_version) > (cx, cv) AND s.sync_xid < v_horizon AND (s.sync_xid, s.sync_version) <= (bx, bv)
        AND EXISTS (SELECT 1 FROM public.profiles m WHERE m.id = s.profile_id AND m.is_machine)
      ORDER BY s.sync_xid, s.sync_version LIMIT n + 1)
    UNION ALL
    (SELECT 'oee_downtime_groups', s.sync_version, s.sync_xid, false, s.id
       FROM public.oee_downtime_groups s WHERE s.tenant_id = t AND (s.sync_xid, s.sync_version) > (cx, cv) AND s.sync_xid < v_horizon AND (s.sync_xid, s.sync_version) <= (bx, bv) ORDER BY s.sync_xid, s.sync_version LIMIT n + 1)
    UNION ALL
    (SELECT 'oee_downtime_reasons', s.sync_version, s.sync_xid, false, s.id
       FROM public.oee_downtime_reasons s WHERE s.tenant_id = t AND (s.sync_xid, s.sync_version) > (cx, cv) AND s.sync_xid < v_horizon AND (s.sync_xid, s.sync_version) <= (bx, bv) ORDER BY s.sync_xid, s.sync_version LIMIT n + 1)
    UNION ALL
    (SELECT 'scrap_reasons', s.sync_version, s.sync_xid, false, s.id
       FROM public.scrap_reasons s WHERE s.tenant_id = t AND (s.sync_xid, s.sync_version) > (cx, cv) AND s.sync_xid < v_horizon AND (s.sync_xid, s.sync_version) <= (bx, bv) ORDER BY s.sync_xid, s.sync_version LIMIT n + 1)
    UNION ALL
    (SELECT 'issue_categories', s.sync_version, s.sync_xid, false, s.id
       FROM public.issue_categories s WHERE s.tenant_id = t AND (s.sync_xid, s.sync_version) > (cx, cv) AND s.sync_xid < v_horizon AND (s.sync_xid, s.sync_version) <= (bx, bv) ORDER BY s.sync_xid, s.sync_version LIMIT n + 1)
    UNION ALL
    (SELECT 'oee_station_custom_fields', s.sync_version, s.sync_xid, false, s.id
       FROM public.oee_station_custom_fields s WHERE s.tenant_id = t AND s.cell_id = ANY (c) AND (s.sync_xid, s.sync_version) > (cx, cv) AND s.sync_xid < v_horizon AND (s.sync_xid, s.sync_version) <= (bx, bv)
      ORDER BY s.sync_xid, s.sync_version LIMIT n + 1)
    UNION ALL
    (SELECT 'mqtt_publishers', s.sync_version, s.sync_xid, false, s.id
       FROM public.mqtt_publishers s WHERE s.tenant_id = t AND (s.sync_xid, s.sync_version) > (cx, cv) AND s.sync_xid < v_horizon AND (s.sync_xid, s.sync_version) <= (bx, bv) ORDER BY s.sync_xid, s.sync_version LIMIT n + 1)
    UNION ALL
    (SELECT s.table_name, s.sync_version, s.sync_xid, true, s.row_id
       FROM public.sync_tombstones s WHERE s.tenant_id = t AND (s.sync_xid, s.sync_version) > (cx, cv) AND s.sync_xid < v_horizon AND (s.sync_xid, s.sync_version) <= (bx, bv) ORDER BY s.sync_xid, s.sync_version LIMIT n + 1)
  ),
  page AS (SELECT * FROM u ORDER BY x, v LIMIT n),
  last AS (SELECT x, v FROM page ORDER BY x DESC, v DESC LIMIT 1)
  SELECT json_build_object(
    'server_time', to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
    'cursor', coalesce((SELECT last.x::text || ':' || last.v::text FROM last), cx::text || ':' || cv::text),
    'more', (SELECT count(*) FROM u) > n,
    -- Rows are turned into JSON only for the page itself, by primary key, not for every candidate.
    -- The big tables' candidates were read by earlier statements of this function (each its own
    -- snapshot): a row hard-deleted since has no JSON and is left out (its tombstone is newer than
    -- the horizon, so it comes on a later page); a row updated since is sent as it is now, under
    -- its old version, and again with its new version later. Neither is ever skipped.
    'rows', coalesce((SELECT json_agg(json_build_object('t', pr.tb, 'v', pr.v, 'x', pr.x::text, 'd', pr.d, 'r', pr.r) ORDER BY pr.x, pr.v)
      FROM (SELECT page.tb, page.v, page.x, page.d,
        CASE WHEN page.d THEN json_build_object('id', page.id, 'deleted_at',
            (SELECT k.deleted_at FROM public.sync_tombstones k WHERE k.row_id = page.id AND k.table_name = page.tb AND k.sync_version = page.v))
          WHEN page.tb = 'tenants' THEN (SELECT (to_jsonb(s) - '{sync_xid,sync_version,plan,status,max_jobs,max_parts_per_month,current_jobs,current_parts_this_month}'::text[])::json FROM public.tenants s WHERE s.id = page.id)
          WHEN page.tb = 'cells' THEN (SELECT (to_jsonb(s) - '{sync_xid,sync_version}'::text[])::json FROM public.cells s WHERE s.id = page.id)
          WHEN page.tb = 'operations' THEN (SELECT row_to_json(z) FROM (SELECT s.id, s.tenant_id, s.part_id, s.cell_id, s.operation_name, s.sequence, s.status, s.estimated_time, s.actual_time, s.setup_time, s.run_time_per_unit, s.changeover_time, s.wait_time, s.planned_start, s.planned_end, s.completed_at, s.completion_percentage, s.assigned_operator_id, s.icon_name, s.notes, s.external_id, s.external_source, s.synced_at, s.created_at, s.updated_at, s.deleted_at, s.deleted_by FROM public.operations s WHERE s.id = page.id) z)
          WHEN page.tb = 'parts' THEN (SELECT row_to_json(z) FROM (SELECT s.id, s.tenant_id, s.job_id, s.part_number, s.material, s.quantity, s.status, s.current_cell_id, s.drawing_no, s.cnc_program_name, s.parent_part_id, s.length_mm, s.width_mm, s.height_mm, s.weight_kg, s.material_lot, s.material_supplier, s.material_cert_number, s.image_paths, s.file_paths, s.is_bullet_card, s.notes, s.external_id, s.external_source, s.sync_hash, s.synced_at, s.created_at, s.updated_at, s.deleted_at, s.deleted_by FROM public.parts s WHERE s.id = page.id) z)
          WHEN page.tb = 'jobs' THEN (SELECT row_to_json(z) FROM (SELECT s.id, s.tenant_id, s.job_number, s.customer, s.status, s.due_date, s.due_date_override, s.current_cell_id, s.notes, s.external_id, s.external_source, s.sync_hash, s.synced_at, s.created_at, s.updated_at, s.deleted_at, s.deleted_by FROM public.jobs s WHERE s.id = page.id) z)
          WHEN page.tb = 'resources' THEN (SELECT (to_jsonb(s) - '{sync_xid,sync_version,metadata}'::text[])::json FROM public.resources s WHERE s.id = page.id)
          WHEN page.tb = 'operation_resources' THEN (SELECT (to_jsonb(s) - '{sync_xid,sync_version}'::text[])::json FROM public.operation_resources s WHERE s.id = page.id)
          WHEN page.tb = 'profiles' THEN (SELECT (to_jsonb(s) - '{sync_xid,sync_version,email,username,has_email_login,is_root_admin,onboarding_completed}'::text[])::json FROM public.profiles s WHERE s.id = page.id)
          WHEN page.tb = 'api_keys' THEN (SELECT (to_jsonb(s) - '{sync_xid,sync_version,name,created_by,last_used_at}'::text[])::json FROM public.api_keys s WHERE s.id = page.id)
          WHEN page.tb = 'oee_downtime_groups' THEN (SELECT (to_jsonb(s) - '{sync_xid,sync_version}'::text[])::json FROM public.oee_downtime_groups s WHERE s.id = page.id)
          WHEN page.tb = 'oee_downtime_reasons' THEN (SELECT (to_jsonb(s) - '{sync_xid,sync_version}'::text[])::json FROM public.oee_downtime_reasons s WHERE s.id = page.id)
          WHEN page.tb = 'scrap_reasons' THEN (SELECT (to_jsonb(s) - '{sync_xid,sync_version}'::text[])::json FROM public.scrap_reasons s WHERE s.id = page.id)
          WHEN page.tb = 'issue_categories' THEN (SELECT (to_jsonb(s) - '{sync_xid,sync_version}'::text[])::json FROM public.issue_categories s WHERE s.id = page.id)
          WHEN page.tb = 'oee_station_custom_fields' THEN (SELECT (to_jsonb(s) - '{sync_xid,sync_version}'::text[])::json FROM public.oee_station_custom_fields s WHERE s.id = page.id)
          WHEN page.tb = 'mqtt_publishers' THEN (SELECT (to_jsonb(s) - '{sync_xid,sync_version}'::text[])::json FROM public.mqtt_publishers s WHERE s.id = page.id)
        END AS r FROM page OFFSET 0) pr WHERE pr.r IS NOT NULL), '[]'::json))); -- OFFSET 0: each row's JSON is built once
END $$;

REVOKE EXECUTE ON FUNCTION terminal_pull(text, text, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION terminal_pull(text, text, integer) TO shopfloor_terminal, anon;
