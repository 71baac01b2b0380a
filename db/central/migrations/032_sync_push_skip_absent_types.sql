-- 032: push throughput (issue 4). sync_apply_effects (023) runs every effect statement for every
-- batch; each scans the batch's rows in pg_temp.sync_batch (live and the versions step 1 left
-- behind), about 0.6 ms apiece for a 500-event batch even when no event of its type is there. A
-- typical batch holds two or three event types, so some ten of those statements found nothing.
-- Now the types of the batch's still-'new' events are read once, after the checks (steps 1–2),
-- and each type-specific statement of steps 3–6 runs only if one of its types is among them.
-- Steps 3–6 only ever turn 'new' events into rejected ones, so the set read before step 3 can only
-- be larger than what a later statement would see: a statement is skipped only when it would have
-- matched no row. Nothing else changes: the statements, their order and the final 'applied' mark
-- and activity log are as 023/029 wrote them.
--
-- Done as 029 did: the stored definition is rewritten in place rather than restated, so the
-- effects keep one copy; each anchor must be found exactly once, or the migration fails. The
-- splicing is migration_edit_function (below), which later in-place edits (033, 050, 051) share.
--
-- Also: terminal_push's ANALYZE of the batch (024) leaves out the raw jsonb column. Its statistics
-- (sorting 500 jsonb values) were most of the ANALYZE's 2–3 ms, and nothing plans on them: the
-- ANALYZE exists for the row count and the ord/device_seq/event_id joins.

-- For migrations that change a stored function in place. Each edit is [anchor, text inserted in
-- front of it], or [anchor, text in front, end of the statement the anchor starts, text after that
-- end]. The anchor must occur exactly once in the function's current definition and the end must
-- follow it; then the function is recreated (same signature, so its grants are kept). Not
-- callable by the API roles.
CREATE FUNCTION migration_edit_function(p_fn regprocedure, p_tag text, p_edits text[]) RETURNS void
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
DECLARE
  v_def text := pg_get_functiondef(p_fn);
  v_edit text[];
  v_at integer;
  v_end integer;
BEGIN
  FOREACH v_edit SLICE 1 IN ARRAY p_edits LOOP
    v_at := position(v_edit[1] IN v_def);
    IF v_at = 0 OR position(v_edit[1] IN substr(v_def, v_at + 1)) <> 0 THEN
      RAISE EXCEPTION '%: anchor not found exactly once in %: %', p_tag, p_fn, v_edit[1];
    END IF;
    IF array_length(v_edit, 1) >= 4 THEN
      v_end := position(v_edit[3] IN substr(v_def, v_at));
      IF v_end = 0 THEN
        RAISE EXCEPTION '%: end of the statement not found in %: %', p_tag, p_fn, v_edit[3];
      END IF;
      v_end := v_at + v_end - 1 + length(v_edit[3]); -- first character after the statement
      v_def := substr(v_def, 1, v_end - 1) || v_edit[4] || substr(v_def, v_end);
    END IF;
    v_def := substr(v_def, 1, v_at - 1) || v_edit[2] || substr(v_def, v_at);
  END LOOP;
  EXECUTE v_def;
END $$;
REVOKE EXECUTE ON FUNCTION migration_edit_function(regprocedure, text, text[]) FROM PUBLIC, anon, authenticated;

DO $$
DECLARE
  v_edits text[][] := ARRAY[
    -- [anchor, text inserted in front of it]
    ARRAY['  v_n integer;' || chr(10), '  v_types text[]; -- 032: types of the batch''s still-new events, read before step 3' || chr(10)],
    ARRAY['  -- 3. Facts that create rows.',
          '  v_types := ARRAY(SELECT DISTINCT type FROM pg_temp.sync_batch WHERE ord BETWEEN p_from AND p_to AND status = ''new'');' || chr(10) || chr(10)],
    ARRAY['  INSERT INTO public.time_entries (',
          '  IF v_types && ARRAY[''operation.started'', ''operation.resumed''] THEN' || chr(10)],
    ARRAY['  INSERT INTO public.oee_batch_custom_field_values (',
          '  END IF;' || chr(10) || '  IF v_types && ARRAY[''operation.started'', ''operation.completed''] THEN' || chr(10)],
    ARRAY['  INSERT INTO public.operation_quantities (',
          '  END IF;' || chr(10) || '  IF v_types && ARRAY[''quantity.reported'', ''operation.completed''] THEN' || chr(10)],
    ARRAY['  INSERT INTO public.oee_machine_events (id, tenant_id, event_type, cell_id, resource_id, started_at,',
          '  END IF;' || chr(10) || '  IF v_types && ARRAY[''downtime.started''] THEN' || chr(10)],
    ARRAY['  INSERT INTO public.issues (',
          '  END IF;' || chr(10) || '  IF v_types && ARRAY[''issue.reported''] THEN' || chr(10)],
    ARRAY['  INSERT INTO public.cycle_counts (',
          '  END IF;' || chr(10) || '  IF v_types && ARRAY[''cycles.counted''] THEN' || chr(10)],
    ARRAY['  INSERT INTO public.shift_notes (',
          '  END IF;' || chr(10) || '  IF v_types && ARRAY[''note.added''] THEN' || chr(10)],
    ARRAY['  -- 4. Facts that close rows.',
          '  END IF;' || chr(10) || chr(10)],
    ARRAY['  UPDATE pg_temp.sync_batch b SET status = ''rejected'', reason = ''payload.entry.time_entry_id:',
          '  IF v_types && ARRAY[''operation.paused'', ''time_entry.auto_closed''] THEN' || chr(10)],
    ARRAY['  UPDATE public.time_entries t SET',
          '  END IF;' || chr(10) || '  IF v_types && ARRAY[''operation.paused'', ''time_entry.auto_closed'', ''operation.completed''] THEN' || chr(10)],
    ARRAY['  -- Completion is final;',
          '  END IF;' || chr(10) || '  IF v_types && ARRAY[''operation.completed''] THEN' || chr(10)],
    ARRAY['  -- 5. Order-sensitive corrections',
          '  END IF;' || chr(10) || chr(10) || '  IF v_types && ARRAY[''downtime.ended'', ''downtime.categorised'', ''downtime.split'', ''downtime.edited'', ''issue.status_changed''] THEN' || chr(10)],
    ARRAY['  -- 6. Operation status and actual time',
          '  END IF;' || chr(10) || chr(10) || '  IF v_types && ARRAY[''operation.started'', ''operation.resumed'', ''operation.paused'', ''operation.completed'', ''time_entry.auto_closed'', ''issue.reported'', ''issue.status_changed''] THEN' || chr(10)],
    ARRAY['  UPDATE pg_temp.sync_batch SET status = ''applied''',
          '  END IF;' || chr(10) || chr(10)]
  ];
  v_push text := pg_get_functiondef('terminal_push(text, jsonb)'::regprocedure);
  v_analyze text := 'ANALYZE pg_temp.sync_batch;';
BEGIN
  PERFORM migration_edit_function('sync_apply_effects(uuid, uuid, integer, integer)'::regprocedure, '032', v_edits);

  IF position(v_analyze IN v_push) = 0 OR position(v_analyze IN substr(v_push, position(v_analyze IN v_push) + 1)) <> 0 THEN
    RAISE EXCEPTION '032: the ANALYZE of terminal_push was not found exactly once';
  END IF;
  EXECUTE replace(v_push, v_analyze,
    'ANALYZE pg_temp.sync_batch (ord, event_id, device_seq, type, schema_version, occurred_at, mono_ms, boot_id, actor_id, payload, status, reason);');
END $$;
