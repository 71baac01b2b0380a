-- 023: applying pushed events to the seed tables. sync_apply works on the rows of the session's
-- pg_temp.sync_batch (filled by terminal_push) whose ord lies in [p_from, p_to] and whose status is
-- 'new': it validates them, rejects what can never apply (with the field and the reason), applies
-- the rest set-based, and marks them 'applied'. Every write is filtered by the terminal's tenant,
-- so an event can only reach rows of its own tenant.
--
-- Conflict rules between terminals (db/central/SYNC.md): time entries, quantities, stops, issues,
-- counts and notes are facts keyed by ids minted on the terminal, so two terminals never overwrite
-- each other's facts. Operation status is derived from the facts after every batch:
-- completed is final (completed_at is the earliest completion received); otherwise on_hold while a
-- pending standstill issue exists; otherwise in_progress once any time entry exists.
-- actual_time is the sum of closed time entries, in hours. The result does not depend on which
-- terminal reconnects first.

CREATE FUNCTION sync_apply(p_tenant uuid, p_terminal uuid, p_from integer, p_to integer) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  r record;
  v_ev public.oee_machine_events;
  v_at timestamptz;
  v_n integer;
BEGIN
  -- 1. Envelope and payload shape; the typed columns are filled (in the same pass) only for the
  --    events that passed, so no cast can meet a value the checks refused.
  UPDATE pg_temp.sync_batch b SET
    status = CASE WHEN x.why IS NULL THEN b.status ELSE 'rejected' END,
    reason = x.why,
    type = CASE WHEN x.why IS NULL THEN b.raw ->> 'type' END,
    schema_version = CASE WHEN x.why IS NULL THEN (b.raw ->> 'schema_version')::int END,
    occurred_at = CASE WHEN x.why IS NULL THEN (b.raw ->> 'occurred_at')::timestamptz END,
    mono_ms = CASE WHEN x.why IS NULL THEN (b.raw ->> 'mono_ms')::float8 END,
    boot_id = CASE WHEN x.why IS NULL THEN (b.raw ->> 'boot_id')::uuid END,
    actor_id = CASE WHEN x.why IS NULL THEN (b.raw ->> 'actor_id')::uuid END,
    payload = CASE WHEN x.why IS NULL THEN b.raw -> 'payload' END
  FROM (
    SELECT s.ord, CASE
      WHEN s.raw ? 'skip' THEN 'dead-lettered on the terminal: ' || left(coalesce(s.raw ->> 'skip', ''), 500)
      WHEN NOT EXISTS (SELECT 1 FROM public.sync_event_types t WHERE t.type = s.raw ->> 'type')
        THEN format('type: unknown event type "%s"', left(coalesce(s.raw ->> 'type', ''), 100))
      WHEN jsonb_typeof(s.raw -> 'schema_version') IS DISTINCT FROM 'number' OR (s.raw ->> 'schema_version') !~ '^\d{1,4}$'
        THEN 'schema_version: an integer is required'
      WHEN (s.raw ->> 'schema_version')::int < sync_schema_min()
        THEN format('schema_version: %s is no longer accepted; this central accepts %s to %s', s.raw ->> 'schema_version', sync_schema_min(), sync_schema_max())
      WHEN NOT sync_is_time(s.raw ->> 'occurred_at') THEN 'occurred_at: an ISO 8601 time with offset is required'
      WHEN jsonb_typeof(s.raw -> 'mono_ms') IS DISTINCT FROM 'number' THEN 'mono_ms: a number is required'
      WHEN NOT sync_is_uuid(s.raw ->> 'boot_id') THEN 'boot_id: a UUID is required'
      WHEN s.raw ? 'actor_id' AND jsonb_typeof(s.raw -> 'actor_id') <> 'null' AND NOT sync_is_uuid(s.raw ->> 'actor_id') THEN 'actor_id: not a UUID'
      WHEN octet_length((s.raw -> 'payload')::text) > 65536 THEN 'payload: larger than 64 KB'
      ELSE sync_payload_problem(s.raw ->> 'type', s.raw -> 'payload')
    END AS why
    FROM pg_temp.sync_batch s WHERE s.ord BETWEEN p_from AND p_to AND s.status = 'new'
    OFFSET 0 -- a fence: without it the planner copies the CASE into every use of x.why
  ) x
  WHERE b.ord = x.ord;

  -- 2. Every referenced row must belong to the terminal's tenant.
  UPDATE pg_temp.sync_batch b SET status = 'rejected', reason = x.why
  FROM (
    SELECT s.ord, CASE
      WHEN s.actor_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM public.profiles WHERE id = s.actor_id AND tenant_id = p_tenant)
        THEN 'actor_id: no such profile in this terminal''s tenant'
      WHEN s.actor_id IS NULL AND s.type IN ('issue.reported', 'quantity.reported', 'note.added', 'issue.status_changed')
        THEN 'actor_id: required for ' || s.type
      WHEN s.actor_id IS NULL AND s.type = 'operation.completed' AND s.payload ? 'quantities'
        THEN 'actor_id: required to report quantities'
      WHEN s.payload ? 'operation_id' AND NOT EXISTS (SELECT 1 FROM public.operations WHERE id = (s.payload ->> 'operation_id')::uuid AND tenant_id = p_tenant)
        THEN 'payload.operation_id: no such operation in this terminal''s tenant'
      WHEN s.payload ? 'cell_id' AND NOT EXISTS (SELECT 1 FROM public.cells WHERE id = (s.payload ->> 'cell_id')::uuid AND tenant_id = p_tenant)
        THEN 'payload.cell_id: no such cell in this terminal''s tenant'
      WHEN s.payload ? 'profile_id' AND NOT EXISTS (SELECT 1 FROM public.profiles WHERE id = (s.payload ->> 'profile_id')::uuid AND tenant_id = p_tenant)
        THEN 'payload.profile_id: no such profile in this terminal''s tenant'
      WHEN s.payload -> 'entry' ? 'profile_id' AND NOT EXISTS (SELECT 1 FROM public.profiles WHERE id = (s.payload #>> '{entry,profile_id}')::uuid AND tenant_id = p_tenant)
        THEN 'payload.entry.profile_id: no such profile in this terminal''s tenant'
      WHEN s.payload ? 'resource_id' AND NOT EXISTS (SELECT 1 FROM public.resources WHERE id = (s.payload ->> 'resource_id')::uuid AND tenant_id = p_tenant)
        THEN 'payload.resource_id: no such resource in this terminal''s tenant'
      WHEN s.type LIKE 'downtime.%' AND s.payload ? 'reason_id' AND NOT EXISTS (SELECT 1 FROM public.oee_downtime_reasons WHERE id = (s.payload ->> 'reason_id')::uuid AND tenant_id = p_tenant)
        THEN 'payload.reason_id: no such downtime reason in this terminal''s tenant'
      WHEN s.payload ? 'category_id' AND NOT EXISTS (SELECT 1 FROM public.issue_categories WHERE id = (s.payload ->> 'category_id')::uuid AND tenant_id = p_tenant)
        THEN 'payload.category_id: no such issue category in this terminal''s tenant'
      WHEN s.payload ? 'machine_id' AND NOT EXISTS (SELECT 1 FROM public.profiles WHERE id = (s.payload ->> 'machine_id')::uuid AND tenant_id = p_tenant AND is_machine)
        THEN 'payload.machine_id: no such machine account in this terminal''s tenant'
      WHEN s.payload -> 'sequence_override' ? 'supervisor_id' AND NOT EXISTS (SELECT 1 FROM public.profiles WHERE id = (s.payload #>> '{sequence_override,supervisor_id}')::uuid AND tenant_id = p_tenant)
        THEN 'payload.sequence_override.supervisor_id: no such profile in this terminal''s tenant'
      WHEN s.payload ? 'quantities' AND EXISTS (
          SELECT 1 FROM jsonb_array_elements(coalesce(s.payload #> '{quantities,scrap_reasons}', '[]')) l
          WHERE NOT EXISTS (SELECT 1 FROM public.scrap_reasons WHERE id = (l ->> 'reason_id')::uuid AND tenant_id = p_tenant))
        THEN 'payload.quantities.scrap_reasons: unknown scrap reason in this terminal''s tenant'
      WHEN s.type = 'operation.completed' AND EXISTS (
          SELECT 1 FROM jsonb_array_elements(s.payload -> 'closed_entries') l
          WHERE NOT EXISTS (SELECT 1 FROM public.profiles WHERE id = (l ->> 'profile_id')::uuid AND tenant_id = p_tenant))
        THEN 'payload.closed_entries: a profile is not in this terminal''s tenant'
      -- New fact ids must not collide with another tenant's rows (ids are minted on terminals).
      WHEN s.type IN ('operation.started', 'operation.resumed') AND EXISTS (SELECT 1 FROM public.time_entries WHERE id = (s.payload ->> 'time_entry_id')::uuid AND tenant_id <> p_tenant)
        THEN 'payload.time_entry_id: already used by another tenant'
      WHEN s.type = 'downtime.started' AND EXISTS (SELECT 1 FROM public.oee_machine_events WHERE id = (s.payload ->> 'downtime_id')::uuid AND tenant_id <> p_tenant)
        THEN 'payload.downtime_id: already used by another tenant'
      WHEN s.type = 'issue.reported' AND EXISTS (SELECT 1 FROM public.issues WHERE id = (s.payload ->> 'issue_id')::uuid AND tenant_id <> p_tenant)
        THEN 'payload.issue_id: already used by another tenant'
      WHEN s.payload ? 'quantity_id' AND EXISTS (SELECT 1 FROM public.operation_quantities WHERE id = (s.payload ->> 'quantity_id')::uuid AND tenant_id <> p_tenant)
        THEN 'payload.quantity_id: already used by another tenant'
      WHEN s.type = 'cycles.counted' AND EXISTS (SELECT 1 FROM public.cycle_counts WHERE id = (s.payload ->> 'count_id')::uuid AND tenant_id <> p_tenant)
        THEN 'payload.count_id: already used by another tenant'
      WHEN s.type = 'note.added' AND EXISTS (SELECT 1 FROM public.shift_notes WHERE id = (s.payload ->> 'note_id')::uuid AND tenant_id <> p_tenant)
        THEN 'payload.note_id: already used by another tenant'
    END AS why
    FROM pg_temp.sync_batch s WHERE s.ord BETWEEN p_from AND p_to AND s.status = 'new'
    OFFSET 0 -- a fence: without it the planner copies the CASE into every use of x.why
  ) x
  WHERE b.ord = x.ord AND x.why IS NOT NULL;

  -- 3. Facts that create rows.
  INSERT INTO public.time_entries (id, tenant_id, operation_id, operator_id, start_time, terminal_id)
  SELECT (payload ->> 'time_entry_id')::uuid, p_tenant, (payload ->> 'operation_id')::uuid, (payload ->> 'profile_id')::uuid, occurred_at, p_terminal
  FROM pg_temp.sync_batch WHERE ord BETWEEN p_from AND p_to AND status = 'new' AND type IN ('operation.started', 'operation.resumed')
  ON CONFLICT (id) DO NOTHING;

  INSERT INTO public.oee_batch_custom_field_values (tenant_id, operation_id, time_entry_id, cell_id, field_id, key, phase, value, captured_by, captured_at)
  SELECT p_tenant, (b.payload ->> 'operation_id')::uuid, (b.payload ->> 'time_entry_id')::uuid, o.cell_id,
         (SELECT f.id FROM public.oee_station_custom_fields f WHERE f.cell_id = o.cell_id AND f.key = cf.key),
         cf.key, CASE WHEN b.type = 'operation.started' THEN 'start' ELSE 'complete' END, cf.value, b.actor_id, b.occurred_at
  FROM pg_temp.sync_batch b
  JOIN public.operations o ON o.id = (b.payload ->> 'operation_id')::uuid AND o.tenant_id = p_tenant
  CROSS JOIN LATERAL jsonb_each(b.payload -> 'custom_fields') cf
  WHERE b.ord BETWEEN p_from AND p_to AND b.status = 'new' AND b.type IN ('operation.started', 'operation.completed') AND b.payload ? 'custom_fields';

  INSERT INTO public.operation_quantities (id, tenant_id, operation_id, reported_by, good, scrap, rework, produced, reported_at, terminal_id)
  SELECT (payload ->> 'quantity_id')::uuid, p_tenant, (payload ->> 'operation_id')::uuid, actor_id,
         (payload #>> '{quantities,good}')::int, (payload #>> '{quantities,scrap}')::int, (payload #>> '{quantities,rework}')::int,
         (payload #>> '{quantities,produced}')::int, occurred_at, p_terminal
  FROM pg_temp.sync_batch WHERE ord BETWEEN p_from AND p_to AND status = 'new' AND payload ? 'quantities'
    AND type IN ('quantity.reported', 'operation.completed')
  ON CONFLICT (id) DO NOTHING;

  INSERT INTO public.operation_scrap_lines (tenant_id, quantity_id, reason_id, quantity)
  SELECT p_tenant, (b.payload ->> 'quantity_id')::uuid, (l ->> 'reason_id')::uuid, sum((l ->> 'quantity')::int)
  FROM pg_temp.sync_batch b CROSS JOIN LATERAL jsonb_array_elements(coalesce(b.payload #> '{quantities,scrap_reasons}', '[]')) l
  WHERE b.ord BETWEEN p_from AND p_to AND b.status = 'new' AND b.payload ? 'quantities' AND b.type IN ('quantity.reported', 'operation.completed')
  GROUP BY 1, 2, 3
  ON CONFLICT (quantity_id, reason_id) DO NOTHING;

  INSERT INTO public.oee_machine_events (id, tenant_id, event_type, cell_id, resource_id, started_at, reason_id, source, note, created_by, terminal_id)
  SELECT (payload ->> 'downtime_id')::uuid, p_tenant, 'downtime', (payload ->> 'cell_id')::uuid, (payload ->> 'resource_id')::uuid, occurred_at,
         (payload ->> 'reason_id')::uuid, payload ->> 'source', payload ->> 'note', actor_id, p_terminal
  FROM pg_temp.sync_batch WHERE ord BETWEEN p_from AND p_to AND status = 'new' AND type = 'downtime.started'
  ON CONFLICT (id) DO NOTHING;

  INSERT INTO public.issues (id, tenant_id, operation_id, created_by, title, description, severity, status, issue_type, category_id,
                             affected_quantity, causes_standstill, terminal_id, created_at)
  SELECT (payload ->> 'issue_id')::uuid, p_tenant, (payload ->> 'operation_id')::uuid, actor_id, left(payload ->> 'description', 120),
         payload ->> 'description', (payload ->> 'severity')::issue_severity, 'pending', payload ->> 'issue_type',
         (payload ->> 'category_id')::uuid, (payload ->> 'affected_quantity')::int, (payload ->> 'causes_standstill')::boolean, p_terminal, occurred_at
  FROM pg_temp.sync_batch WHERE ord BETWEEN p_from AND p_to AND status = 'new' AND type = 'issue.reported'
  ON CONFLICT (id) DO NOTHING;

  INSERT INTO public.issue_attachments (id, tenant_id, issue_id, file_name, mime_type, size_bytes, sha256)
  SELECT (ph ->> 'attachment_id')::uuid, p_tenant, (b.payload ->> 'issue_id')::uuid, ph ->> 'file_name', ph ->> 'mime_type',
         (ph ->> 'size_bytes')::int, ph ->> 'sha256'
  FROM pg_temp.sync_batch b CROSS JOIN LATERAL jsonb_array_elements(coalesce(b.payload -> 'photos', '[]')) ph
  WHERE b.ord BETWEEN p_from AND p_to AND b.status = 'new' AND b.type = 'issue.reported'
  ON CONFLICT (id) DO NOTHING;

  -- A replayed machine post (same machine and machine_seq) counts once: the unique key absorbs it.
  INSERT INTO public.cycle_counts (id, tenant_id, machine_profile_id, cell_id, resource_id, machine_seq, delta, counter, counter_reset, counted_at, terminal_id)
  SELECT (payload ->> 'count_id')::uuid, p_tenant, (payload ->> 'machine_id')::uuid, (payload ->> 'cell_id')::uuid, (payload ->> 'resource_id')::uuid,
         (payload ->> 'machine_seq')::bigint, (payload ->> 'delta')::int, (payload ->> 'counter')::bigint,
         coalesce((payload ->> 'counter_reset')::boolean, false), (payload ->> 'counted_at')::timestamptz, p_terminal
  FROM pg_temp.sync_batch WHERE ord BETWEEN p_from AND p_to AND status = 'new' AND type = 'cycles.counted'
  ON CONFLICT DO NOTHING;

  INSERT INTO public.shift_notes (id, tenant_id, cell_id, author_id, text, terminal_id, created_at)
  SELECT (payload ->> 'note_id')::uuid, p_tenant, (payload ->> 'cell_id')::uuid, actor_id, payload ->> 'text', p_terminal, occurred_at
  FROM pg_temp.sync_batch WHERE ord BETWEEN p_from AND p_to AND status = 'new' AND type = 'note.added'
  ON CONFLICT (id) DO NOTHING;

  -- 4. Facts that close rows. A close names an entry of this tenant; the end is start + the
  --    monotonic duration, so a wall-clock jump on the terminal cannot stretch or invert it.
  UPDATE pg_temp.sync_batch b SET status = 'rejected', reason = 'payload.entry.time_entry_id: no such time entry in this terminal''s tenant'
  WHERE b.ord BETWEEN p_from AND p_to AND b.status = 'new' AND b.type IN ('operation.paused', 'time_entry.auto_closed')
    AND NOT EXISTS (SELECT 1 FROM public.time_entries t WHERE t.id = (b.payload #>> '{entry,time_entry_id}')::uuid AND t.tenant_id = p_tenant);

  UPDATE public.time_entries t SET
    end_time = t.start_time + make_interval(secs => c.duration_s),
    duration = round(c.duration_s)::int,
    notes = coalesce(c.note, t.notes),
    needs_review = t.needs_review OR c.review,
    auto_close_cause = coalesce(c.cause, t.auto_close_cause)
  FROM (
    SELECT DISTINCT ON (e.id) e.id, e.duration_s, e.note, e.review, e.cause FROM (
      SELECT b.device_seq, (b.payload #>> '{entry,time_entry_id}')::uuid AS id, (b.payload #>> '{entry,duration_s}')::float8 AS duration_s,
             CASE WHEN b.type = 'operation.paused' THEN 'Paused: ' || (b.payload ->> 'reason') END AS note,
             b.type = 'time_entry.auto_closed' AS review, b.payload ->> 'cause' AS cause
      FROM pg_temp.sync_batch b WHERE b.ord BETWEEN p_from AND p_to AND b.status = 'new' AND b.type IN ('operation.paused', 'time_entry.auto_closed')
      UNION ALL
      SELECT b.device_seq, (l ->> 'time_entry_id')::uuid, (l ->> 'duration_s')::float8, NULL, false, NULL
      FROM pg_temp.sync_batch b CROSS JOIN LATERAL jsonb_array_elements(b.payload -> 'closed_entries') l
      WHERE b.ord BETWEEN p_from AND p_to AND b.status = 'new' AND b.type = 'operation.completed'
    ) e ORDER BY e.id, e.device_seq
  ) c
  WHERE t.id = c.id AND t.tenant_id = p_tenant AND t.end_time IS NULL;

  -- Completion is final; the earliest completion received wins, whichever terminal sent it.
  UPDATE public.operations o SET completed_at = least(coalesce(o.completed_at, c.at), c.at)
  FROM (SELECT (payload ->> 'operation_id')::uuid AS id, min(occurred_at) AS at FROM pg_temp.sync_batch
        WHERE ord BETWEEN p_from AND p_to AND status = 'new' AND type = 'operation.completed' GROUP BY 1) c
  WHERE o.id = c.id AND o.tenant_id = p_tenant;

  -- 5. Order-sensitive corrections (downtime and issue reviews) are rare: applied one by one in device order.
  FOR r IN SELECT ord, type, payload, actor_id, occurred_at FROM pg_temp.sync_batch
           WHERE ord BETWEEN p_from AND p_to AND status = 'new'
             AND type IN ('downtime.ended', 'downtime.categorised', 'downtime.split', 'downtime.edited', 'issue.status_changed')
           ORDER BY device_seq LOOP
    IF r.type = 'issue.status_changed' THEN
      UPDATE public.issues SET status = (r.payload ->> 'status')::issue_status, reviewed_by = r.actor_id, reviewed_at = r.occurred_at,
             resolution_notes = coalesce(r.payload ->> 'note', resolution_notes)
       WHERE id = (r.payload ->> 'issue_id')::uuid AND tenant_id = p_tenant;
      GET DIAGNOSTICS v_n = ROW_COUNT;
      IF v_n = 0 THEN
        UPDATE pg_temp.sync_batch SET status = 'rejected', reason = 'payload.issue_id: no such issue in this terminal''s tenant' WHERE ord = r.ord;
      END IF;
      CONTINUE;
    END IF;
    SELECT * INTO v_ev FROM public.oee_machine_events
     WHERE id = (r.payload ->> 'downtime_id')::uuid AND tenant_id = p_tenant AND event_type = 'downtime' FOR UPDATE;
    IF NOT FOUND THEN
      UPDATE pg_temp.sync_batch SET status = 'rejected', reason = 'payload.downtime_id: no such stop in this terminal''s tenant' WHERE ord = r.ord;
      CONTINUE;
    END IF;
    CASE r.type
      WHEN 'downtime.ended' THEN
        UPDATE public.oee_machine_events SET ended_at = started_at + make_interval(secs => (r.payload ->> 'duration_s')::float8),
               duration_s = (r.payload ->> 'duration_s')::numeric, micro_stop = coalesce((r.payload ->> 'micro_stop')::boolean, false)
         WHERE id = v_ev.id AND ended_at IS NULL;
      WHEN 'downtime.categorised' THEN
        UPDATE public.oee_machine_events SET reason_id = (r.payload ->> 'reason_id')::uuid, categorised_by = r.actor_id, categorised_at = r.occurred_at,
               note = coalesce(r.payload ->> 'why', note)
         WHERE id = v_ev.id;
      WHEN 'downtime.split' THEN
        v_at := v_ev.started_at + make_interval(secs => (r.payload ->> 'at_offset_s')::float8);
        IF v_ev.ended_at IS NOT NULL AND v_at >= v_ev.ended_at THEN
          UPDATE pg_temp.sync_batch SET status = 'rejected', reason = 'payload.at_offset_s: the split point lies after the stop''s end' WHERE ord = r.ord;
          CONTINUE;
        END IF;
        INSERT INTO public.oee_machine_events (id, tenant_id, event_type, cell_id, resource_id, operation_id, started_at, ended_at, duration_s,
                                               reason_id, source, split_parent_id, note, created_by, categorised_by, categorised_at, terminal_id)
        VALUES ((r.payload ->> 'new_downtime_id')::uuid, p_tenant, 'downtime', v_ev.cell_id, v_ev.resource_id, v_ev.operation_id, v_at, v_ev.ended_at,
                CASE WHEN v_ev.ended_at IS NOT NULL THEN extract(epoch FROM v_ev.ended_at - v_at) END,
                coalesce((r.payload ->> 'reason_id')::uuid, v_ev.reason_id), v_ev.source, v_ev.id, r.payload ->> 'why', v_ev.created_by,
                CASE WHEN r.payload ? 'reason_id' THEN r.actor_id END, CASE WHEN r.payload ? 'reason_id' THEN r.occurred_at END, p_terminal)
        ON CONFLICT (id) DO NOTHING;
        UPDATE public.oee_machine_events SET ended_at = v_at, duration_s = (r.payload ->> 'at_offset_s')::numeric WHERE id = v_ev.id;
      WHEN 'downtime.edited' THEN
        IF coalesce((r.payload ->> 'ended_at')::timestamptz, v_ev.ended_at) < coalesce((r.payload ->> 'started_at')::timestamptz, v_ev.started_at) THEN
          UPDATE pg_temp.sync_batch SET status = 'rejected', reason = 'payload.ended_at: before the start' WHERE ord = r.ord;
          CONTINUE;
        END IF;
        UPDATE public.oee_machine_events SET
          started_at = coalesce((r.payload ->> 'started_at')::timestamptz, started_at),
          ended_at = coalesce((r.payload ->> 'ended_at')::timestamptz, ended_at),
          duration_s = extract(epoch FROM coalesce((r.payload ->> 'ended_at')::timestamptz, ended_at) - coalesce((r.payload ->> 'started_at')::timestamptz, started_at)),
          note = r.payload ->> 'why'
         WHERE id = v_ev.id;
      ELSE NULL;
    END CASE;
  END LOOP;

  -- 6. Operation status and actual time, derived from the facts (order-independent, see header).
  UPDATE public.operations o SET
    status = CASE
      WHEN o.completed_at IS NOT NULL OR o.status = 'completed' THEN 'completed'::task_status
      WHEN EXISTS (SELECT 1 FROM public.issues i WHERE i.operation_id = o.id AND i.causes_standstill AND i.status = 'pending') THEN 'on_hold'::task_status
      WHEN EXISTS (SELECT 1 FROM public.time_entries t WHERE t.operation_id = o.id) THEN 'in_progress'::task_status
      ELSE o.status END,
    actual_time = (SELECT round(sum(t.duration) / 3600.0, 4) FROM public.time_entries t WHERE t.operation_id = o.id AND t.duration IS NOT NULL),
    updated_at = now()
  WHERE o.tenant_id = p_tenant AND o.id IN (
    SELECT (payload ->> 'operation_id')::uuid FROM pg_temp.sync_batch
     WHERE ord BETWEEN p_from AND p_to AND status = 'new' AND type IN ('operation.started', 'operation.resumed', 'operation.paused',
           'operation.completed', 'time_entry.auto_closed', 'issue.reported')
    UNION
    SELECT i.operation_id FROM pg_temp.sync_batch b JOIN public.issues i ON i.id = (b.payload ->> 'issue_id')::uuid
     WHERE b.ord BETWEEN p_from AND p_to AND b.status = 'new' AND b.type = 'issue.status_changed');

  UPDATE pg_temp.sync_batch SET status = 'applied' WHERE ord BETWEEN p_from AND p_to AND status = 'new';

  -- 7. The central's activity log, with log_activity_and_webhook's semantics (and webhooks).
  PERFORM public.log_activity_and_webhook(p_tenant, b.actor_id, t.action, t.entity_type, (b.payload #>> t.entity_key)::uuid, NULL,
            t.description, b.payload, jsonb_build_object('event_id', b.event_id, 'device_seq', b.device_seq, 'terminal_id', p_terminal, 'occurred_at', b.occurred_at))
  FROM pg_temp.sync_batch b JOIN public.sync_event_types t ON t.type = b.type
  WHERE b.ord BETWEEN p_from AND p_to AND b.status = 'applied';
END $$;
REVOKE EXECUTE ON FUNCTION sync_apply(uuid, uuid, integer, integer) FROM PUBLIC;
