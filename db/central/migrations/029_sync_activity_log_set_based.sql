-- 029: the activity log of a pushed batch is written set-based: one INSERT into activity_log and
-- one into webhook_deliveries per batch, instead of one log_activity_and_webhook call per event
-- (about 15% of the central's push time). The rows are the ones log_activity_and_webhook (007)
-- writes for the same arguments: same columns and values, one delivery per active subscribed
-- webhook of the tenant with the same payload (activity_id = the log row's id, occurred_at =
-- now()); test/sync/activity-log.test.ts compares the two. Rows go in device_seq order.

CREATE FUNCTION sync_log_activity(p_tenant uuid, p_terminal uuid, p_from integer, p_to integer) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  WITH logged AS (
    INSERT INTO public.activity_log (tenant_id, user_id, action, entity_type, entity_id, entity_name, description, changes, metadata)
    SELECT p_tenant, b.actor_id, t.action, t.entity_type, (b.payload #>> t.entity_key)::uuid, NULL, t.description, b.payload,
           jsonb_build_object('event_id', b.event_id, 'device_seq', b.device_seq, 'terminal_id', p_terminal, 'occurred_at', b.occurred_at)
    FROM pg_temp.sync_batch b JOIN public.sync_event_types t ON t.type = b.type
    WHERE b.ord BETWEEN p_from AND p_to AND b.status = 'applied'
    ORDER BY b.device_seq
    RETURNING *
  ), named AS (
    SELECT l.*, l.entity_type || '.' || CASE l.action
      WHEN 'create' THEN 'created' WHEN 'update' THEN 'updated' WHEN 'delete' THEN 'deleted' ELSE l.action END AS event
    FROM logged l
  )
  INSERT INTO public.webhook_deliveries (tenant_id, webhook_id, event_type, payload)
  SELECT w.tenant_id, w.id, n.event, jsonb_build_object(
           'event', n.event, 'tenant_id', n.tenant_id, 'user_id', n.user_id,
           'entity_type', n.entity_type, 'entity_id', n.entity_id, 'entity_name', n.entity_name,
           'description', n.description, 'changes', n.changes, 'metadata', n.metadata,
           'activity_id', n.id, 'occurred_at', now())
  FROM named n JOIN public.webhooks w ON w.tenant_id = p_tenant AND w.active AND n.event = ANY (w.events)
  ORDER BY n.metadata -> 'device_seq';
END $$;
REVOKE EXECUTE ON FUNCTION sync_log_activity(uuid, uuid, integer, integer) FROM PUBLIC;

-- sync_apply_effects (023) swaps its per-event call for the function above. Its definition is
-- rewritten in place rather than restated here, so the 280 lines of effects keep one copy; the
-- migration fails if the statement it replaces is not exactly where 023 put it.
DO $$
DECLARE
  v_def text := pg_get_functiondef('sync_apply_effects(uuid, uuid, integer, integer)'::regprocedure);
  v_from text := 'PERFORM public.log_activity_and_webhook(';
  v_to text := $s$WHERE b.ord BETWEEN p_from AND p_to AND b.status = 'applied';$s$;
  v_start integer := position(v_from IN v_def);
  v_len integer;
BEGIN
  v_len := position(v_to IN substr(v_def, v_start)) - 1 + length(v_to);
  IF v_start = 0 OR v_len < length(v_to) OR position(v_from IN substr(v_def, v_start + 1)) <> 0 THEN
    RAISE EXCEPTION '029: the per-event activity log statement of sync_apply_effects was not found once';
  END IF;
  EXECUTE overlay(v_def PLACING 'PERFORM sync_log_activity(p_tenant, p_terminal, p_from, p_to);' FROM v_start FOR v_len);
END $$;
