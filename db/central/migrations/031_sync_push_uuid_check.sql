-- 031: push throughput (issue 4). Profiling terminal_push per batch of 500 (RAISE NOTICE
-- timestamps between its statements, backend CPU time per batch) showed the UUID checks as the
-- largest single cost after the seed tables' own foreign-key triggers: about seven per event
-- (event_id, boot_id, actor_id, the payload's ids), each a case-insensitive regular expression of
-- 4–7 µs, some 15–20 ms of a batch.
--
-- sync_is_uuid keeps exactly the same answer and gets cheaper: LIKE fixes the length (36
-- characters) and the four hyphens at the canonical places, and the uuid type's own input
-- function (pg_input_is_valid, no exception) accepts the rest only if the other 32 characters are
-- hex digits of either case (it allows hyphens only after groups of four digits and braces only in
-- pairs, so with 32 digits and the four hyphens in place there is no room for anything else).
-- test/sync/uuid-check.test.ts compares it with the 022 regular expression on awkward inputs.
-- About 0.5 µs a call. pg_input_is_valid exists from PostgreSQL 16; an older central keeps 022's
-- definition.
--
-- pg_input_is_valid is STABLE, and an SQL function is only inlined when it is no less volatile
-- than its body, so sync_is_uuid becomes STABLE (nothing indexes on it), and so does
-- sync_payload_problem, which calls it.
DO $$
BEGIN
  IF current_setting('server_version_num')::int >= 160000 THEN
    EXECUTE $f$
      CREATE OR REPLACE FUNCTION sync_is_uuid(t text) RETURNS boolean LANGUAGE sql STABLE AS $b$
        SELECT t IS NOT NULL AND t LIKE '________-____-____-____-____________' AND pg_input_is_valid(t, 'uuid')
      $b$
    $f$;
    ALTER FUNCTION sync_payload_problem(text, jsonb) STABLE;
  END IF;
END $$;
