-- 024: terminal_push(credential, batch) → {server_time, high_seq, results[]}. See 022 for the
-- semantics. The device's terminals row is locked for the transaction, so two pushes of the same
-- device (a retry racing a slow original) serialise and the second sees the first's events as
-- duplicates instead of racing on the high-water mark.

CREATE FUNCTION terminal_push(p_credential text, p_batch jsonb) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_term public.terminals := sync_authenticate(p_credential);
  v_high bigint;
  v_n integer;
  v_min bigint;
  v_max bigint;
  v_bad record;
  v_i integer;
BEGIN
  IF p_batch IS NULL OR jsonb_typeof(p_batch) <> 'array' THEN
    RAISE EXCEPTION 'batch: expected a JSON array of events' USING ERRCODE = 'SF400';
  END IF;
  v_n := jsonb_array_length(p_batch);
  IF v_n > 2000 THEN
    RAISE EXCEPTION 'batch: % events is over the limit of 2000; send smaller batches', v_n USING ERRCODE = 'SF413';
  END IF;
  IF octet_length(p_batch::text) > 8 * 1024 * 1024 THEN
    RAISE EXCEPTION 'batch: % bytes is over the limit of 8 MB; send smaller batches', octet_length(p_batch::text) USING ERRCODE = 'SF413';
  END IF;

  SELECT high_water_seq INTO v_high FROM public.terminals WHERE id = v_term.id FOR UPDATE;
  IF v_n = 0 THEN
    RETURN jsonb_build_object('server_time', to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                              'high_seq', v_high, 'results', '[]'::jsonb);
  END IF;

  IF to_regclass('pg_temp.sync_batch') IS NULL THEN
    CREATE TEMP TABLE sync_batch (
      ord integer PRIMARY KEY, raw jsonb NOT NULL, event_id uuid, device_seq bigint,
      type text, schema_version integer, occurred_at timestamptz, mono_ms double precision, boot_id uuid, actor_id uuid, payload jsonb,
      status text NOT NULL DEFAULT 'new', reason text
    ) ON COMMIT DELETE ROWS;
  END IF;
  DELETE FROM pg_temp.sync_batch;
  INSERT INTO pg_temp.sync_batch (ord, raw, event_id, device_seq)
  SELECT x.ord, x.e,
         CASE WHEN jsonb_typeof(x.e) = 'object' AND sync_is_uuid(x.e ->> 'event_id') THEN (x.e ->> 'event_id')::uuid END,
         CASE WHEN jsonb_typeof(x.e) = 'object' AND jsonb_typeof(x.e -> 'device_seq') = 'number' AND (x.e ->> 'device_seq') ~ '^[1-9]\d{0,14}$'
              THEN (x.e ->> 'device_seq')::bigint END
  FROM jsonb_array_elements(p_batch) WITH ORDINALITY AS x(e, ord);
  -- Temp tables are never auto-analyzed: without statistics the planner joins the batch to itself
  -- by nested scans, quadratic in the batch size.
  ANALYZE pg_temp.sync_batch;

  -- Structure the whole batch depends on: without an id and a sequence an event cannot even be
  -- recorded as rejected, so the batch is refused as malformed, naming the element and field.
  SELECT ord, CASE
      WHEN jsonb_typeof(raw) <> 'object' THEN 'expected an object'
      WHEN NOT sync_is_uuid(raw ->> 'event_id') THEN 'event_id: a UUID is required'
      WHEN jsonb_typeof(raw -> 'device_seq') IS DISTINCT FROM 'number' OR (raw ->> 'device_seq') !~ '^[1-9]\d{0,14}$'
        THEN 'device_seq: a positive integer is required'
    END AS why
    INTO v_bad FROM pg_temp.sync_batch
   WHERE event_id IS NULL OR device_seq IS NULL
   ORDER BY ord LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'batch[%].%', v_bad.ord - 1, v_bad.why USING ERRCODE = 'SF400';
  END IF;
  SELECT min(device_seq), max(device_seq) INTO v_min, v_max FROM pg_temp.sync_batch;
  IF (SELECT count(DISTINCT device_seq) FROM pg_temp.sync_batch) <> v_n OR (SELECT count(DISTINCT event_id) FROM pg_temp.sync_batch) <> v_n THEN
    RAISE EXCEPTION 'batch: an event_id or device_seq appears twice' USING ERRCODE = 'SF400';
  END IF;
  IF v_max - v_min + 1 <> v_n THEN
    RAISE EXCEPTION 'batch: device_seq must be consecutive (got % events spanning % to %)', v_n, v_min, v_max USING ERRCODE = 'SF400';
  END IF;
  IF v_min > v_high + 1 THEN
    RAISE EXCEPTION 'device_seq gap: the central expects device_seq % next, got %', v_high + 1, v_min USING ERRCODE = 'SF409';
  END IF;

  -- A terminal newer than its central fails closed: nothing applies, the terminal keeps its queue.
  SELECT ord, raw ->> 'schema_version' AS v INTO v_bad FROM pg_temp.sync_batch
   WHERE device_seq > v_high AND NOT raw ? 'skip' AND jsonb_typeof(raw -> 'schema_version') = 'number'
     AND (raw ->> 'schema_version') ~ '^\d{1,9}$' AND (raw ->> 'schema_version')::int > sync_schema_max()
   ORDER BY ord LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'schema_version: the terminal writes version % but this central accepts % to %; upgrade the central. Nothing was applied and the terminal keeps its queue.',
      v_bad.v, sync_schema_min(), sync_schema_max() USING ERRCODE = 'SF426';
  END IF;

  -- Replays of what the central already holds: the same event is a duplicate (or its old refusal);
  -- a different event under an acknowledged sequence number is refused.
  IF v_min <= v_high THEN
    UPDATE pg_temp.sync_batch b SET
      status = CASE WHEN e.event_id IS NULL THEN 'rejected' WHEN e.status = 'applied' THEN 'duplicate' ELSE 'rejected' END,
      reason = CASE WHEN e.event_id IS NULL THEN format('device_seq %s was already used by another event of this terminal', b.device_seq)
                    ELSE e.reject_reason END
    FROM pg_temp.sync_batch b2 LEFT JOIN public.sync_events e ON e.terminal_id = v_term.id AND e.device_seq = b2.device_seq AND e.event_id = b2.event_id
    WHERE b.ord = b2.ord AND b2.device_seq <= v_high AND b.device_seq <= v_high;
  END IF;
  UPDATE pg_temp.sync_batch b SET status = 'rejected', reason = 'event_id: already recorded from another terminal'
   WHERE b.status = 'new' AND EXISTS (SELECT 1 FROM public.sync_events e WHERE e.event_id = b.event_id);

  -- Fast path: everything set-based. If it raises, re-apply one event at a time so only the
  -- poisonous event is rejected (each BEGIN … EXCEPTION block is a subtransaction).
  BEGIN
    PERFORM sync_apply(v_term.tenant_id, v_term.id, 1, v_n);
  EXCEPTION WHEN OTHERS THEN
    FOR v_i IN SELECT ord FROM pg_temp.sync_batch WHERE status = 'new' ORDER BY device_seq LOOP
      BEGIN
        PERFORM sync_apply(v_term.tenant_id, v_term.id, v_i, v_i);
      EXCEPTION WHEN OTHERS THEN
        UPDATE pg_temp.sync_batch SET status = 'rejected', reason = 'could not apply: ' || SQLERRM WHERE ord = v_i;
      END;
    END LOOP;
  END;

  INSERT INTO public.sync_events (event_id, tenant_id, terminal_id, device_seq, type, schema_version, occurred_at, mono_ms, boot_id,
                                  actor_id, payload, status, reject_reason)
  SELECT event_id, v_term.tenant_id, v_term.id, device_seq, coalesce(type, left(raw ->> 'type', 100), '?'), schema_version, occurred_at,
         mono_ms, boot_id, actor_id, coalesce(payload, raw -> 'payload'), status, reason
  FROM pg_temp.sync_batch WHERE device_seq > v_high AND status IN ('applied', 'rejected')
  ON CONFLICT (event_id) DO NOTHING;

  v_high := greatest(v_high, v_max);
  UPDATE public.terminals SET high_water_seq = v_high, last_seen_at = now() WHERE id = v_term.id;

  RETURN jsonb_build_object(
    'server_time', to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
    'high_seq', v_high,
    'results', (SELECT jsonb_agg(jsonb_build_object('event_id', event_id, 'device_seq', device_seq, 'status', status, 'reason', reason) ORDER BY device_seq)
                FROM pg_temp.sync_batch));
END $$;
