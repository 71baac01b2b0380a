-- 052: a supervisor's review of a time entry the ghost-timer sweep closed (time_entry.reviewed,
-- shared/events/payloads.ts). The sweep closes an entry at its limit and flags it needs_review;
-- the review confirms that time or lowers it, with a why, and clears the flag. The central:
-- - knows the type (activity log action 'reviewed' on the time entry);
-- - checks its payload (ids, seconds, an optional why), as sync_payload_problem does for every type;
-- - rejects a review of an entry that is not a swept entry of this operation in this tenant, or
--   that would raise its time (the terminal already refuses both; the central does not trust it);
-- - applies it after the closes of step 4 (a sweep and its review may share a batch), the last
--   review of an entry in the batch winning, and recomputes the operation's actual time (step 6).
-- The subquery's alias is not `r`: that name is the function's loop record (step 5).
-- Done in place, as since 029, with migration_edit_function (032): each anchor must be found
-- exactly once in the current definition, or the migration fails.
INSERT INTO sync_event_types VALUES
  ('time_entry.reviewed', 'reviewed', 'time_entry', '{time_entry_id}', 'Time entry closed by the sweep reviewed by a supervisor');

SELECT migration_edit_function('sync_payload_problem(text, jsonb)'::regprocedure, '052', ARRAY[
  ARRAY['    WHEN ''quantity.reported'' THEN ARRAY[''quantity_id'', ''operation_id'']',
        '    WHEN ''time_entry.reviewed'' THEN ARRAY[''operation_id'', ''time_entry_id'', ''profile_id'']' || chr(10)],
  ARRAY['    WHEN ''downtime.started'' THEN' || chr(10),
        '    WHEN ''time_entry.reviewed'' THEN -- 052' || chr(10) ||
        '      IF NOT sync_is_seconds(p -> ''duration_s'') THEN RETURN ''payload.duration_s: a non-negative number of seconds is required''; END IF;' || chr(10) ||
        '      IF p ? ''why'' AND NOT sync_is_text(p -> ''why'', 500) THEN RETURN ''payload.why: 1–500 characters''; END IF;' || chr(10)]
]);

SELECT migration_edit_function('sync_apply_effects(uuid, uuid, integer, integer)'::regprocedure, '052', ARRAY[
  ARRAY['  IF v_types && ARRAY[''operation.completed''] THEN',
        '  IF v_types && ARRAY[''time_entry.reviewed''] THEN -- 052: reviews of swept entries, after the closes above' || chr(10) ||
        '  UPDATE pg_temp.sync_batch b SET status = ''rejected'', reason = ''payload.time_entry_id: no entry of this operation closed by the sweep, or the review adds time''' || chr(10) ||
        '  WHERE b.ord BETWEEN p_from AND p_to AND b.status = ''new'' AND b.type = ''time_entry.reviewed''' || chr(10) ||
        '    AND NOT EXISTS (SELECT 1 FROM public.time_entries t WHERE t.id = (b.payload ->> ''time_entry_id'')::uuid AND t.tenant_id = p_tenant' || chr(10) ||
        '                      AND t.operation_id = (b.payload ->> ''operation_id'')::uuid AND t.auto_close_cause IS NOT NULL' || chr(10) ||
        '                      AND (b.payload ->> ''duration_s'')::float8 <= t.duration + 1);' || chr(10) ||
        '  UPDATE public.time_entries t SET' || chr(10) ||
        '    end_time = t.start_time + make_interval(secs => rv.duration_s),' || chr(10) ||
        '    duration = round(rv.duration_s)::int,' || chr(10) ||
        '    needs_review = false,' || chr(10) ||
        '    notes = coalesce(''Reviewed: '' || rv.why, t.notes)' || chr(10) ||
        '  FROM (SELECT DISTINCT ON ((payload ->> ''time_entry_id'')::uuid) (payload ->> ''time_entry_id'')::uuid AS id, (payload ->> ''duration_s'')::float8 AS duration_s, payload ->> ''why'' AS why' || chr(10) ||
        '        FROM pg_temp.sync_batch WHERE ord BETWEEN p_from AND p_to AND status = ''new'' AND type = ''time_entry.reviewed''' || chr(10) ||
        '        ORDER BY (payload ->> ''time_entry_id'')::uuid, device_seq DESC) rv' || chr(10) ||
        '  WHERE t.id = rv.id AND t.tenant_id = p_tenant;' || chr(10) ||
        '  END IF;' || chr(10)],
  ARRAY['''issue.reported'', ''issue.status_changed''] THEN', '''time_entry.reviewed'', '],
  ARRAY['''issue.reported'')' || chr(10) || '    UNION', '''time_entry.reviewed'', ']
]);
