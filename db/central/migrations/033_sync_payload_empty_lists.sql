-- 033: push throughput (issue 4). sync_payload_problem (022) walks a payload's lists (a quantity
-- report's scrap_reasons, a completion's closed_entries, an issue's photos) with queries: a FOR
-- loop over jsonb_array_elements and, for scrap reasons, a SELECT of their sum. Each is a query
-- started and ended per event, tens of µs, the larger part of checking a quantity report, and
-- the lists are mostly empty (a report of good parts names no scrap reason).
--
-- Those queries now run only when their list has elements. Same answers: the list is known to be
-- an array at that point (checked just before), a loop over no elements finds nothing, and the
-- sum of no scrap reasons is 0, never more than a scrap count (already checked non-negative).
--
-- Done as 029 did: the stored definition is rewritten in place rather than restated (the checks
-- keep one copy), with migration_edit_function (032); each anchor must be found exactly once, or
-- the migration fails.
DO $$
DECLARE
  v_edits text[][] := ARRAY[
    -- [statement start, text inserted in front of it, statement end, text inserted after it]
    ARRAY['      FOR e IN SELECT value FROM jsonb_array_elements(p -> ''closed_entries'') LOOP',
          '      IF jsonb_array_length(p -> ''closed_entries'') > 0 THEN -- 033' || chr(10),
          '          RETURN ''payload.closed_entries: each needs time_entry_id, profile_id and duration_s'';' || chr(10) || '        END IF;' || chr(10) || '      END LOOP;' || chr(10),
          '      END IF;' || chr(10)],
    ARRAY['      FOR e IN SELECT value FROM jsonb_array_elements(coalesce(p -> ''photos'', ''[]'')) LOOP',
          '      IF jsonb_array_length(coalesce(p -> ''photos'', ''[]'')) > 0 THEN -- 033' || chr(10),
          '          RETURN ''payload.photos: each needs attachment_id, file_name, mime_type, size_bytes and a sha256'';' || chr(10) || '        END IF;' || chr(10) || '      END LOOP;' || chr(10),
          '      END IF;' || chr(10)],
    ARRAY['    FOR e IN SELECT value FROM jsonb_array_elements(coalesce(q -> ''scrap_reasons'', ''[]'')) LOOP',
          '    IF jsonb_array_length(coalesce(q -> ''scrap_reasons'', ''[]'')) > 0 THEN -- 033' || chr(10),
          '      RETURN ''payload.quantities.scrap_reasons: add up to more than the scrap quantity'';' || chr(10) || '    END IF;' || chr(10),
          '    END IF;' || chr(10)]
  ];
BEGIN
  PERFORM migration_edit_function('sync_payload_problem(text, jsonb)'::regprocedure, '033', v_edits);
END $$;
