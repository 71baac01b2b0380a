-- 028: operation.started may carry wip_override (a supervisor let the operator start past the
-- cell's WIP limit; shared/events/payloads.ts) next to sequence_override. Like sequence_override,
-- its shape is checked and its supervisor must be a profile of the terminal's tenant, else the
-- event is rejected with the field named and applies nothing; an accepted one is recorded in the
-- activity log with the rest of the payload (changes), as sequence_override is.
--
-- Done as a check in front of the existing sync_apply (renamed sync_apply_effects), so the
-- effects are not restated here: rejected events leave status 'new' and are skipped by every
-- later step. The check reads the raw event because the typed columns are filled by the first
-- step of sync_apply_effects.

ALTER FUNCTION sync_apply(uuid, uuid, integer, integer) RENAME TO sync_apply_effects;

CREATE FUNCTION sync_apply(p_tenant uuid, p_terminal uuid, p_from integer, p_to integer) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  UPDATE pg_temp.sync_batch b SET status = 'rejected', reason = x.why
  FROM (
    SELECT s.ord, CASE
      WHEN NOT (jsonb_typeof(s.w) = 'object' AND sync_is_uuid(s.w ->> 'supervisor_id') AND sync_is_text(s.w -> 'reason', 500))
        THEN 'payload.wip_override: needs supervisor_id and a reason'
      WHEN NOT EXISTS (SELECT 1 FROM public.profiles WHERE id = (s.w ->> 'supervisor_id')::uuid AND tenant_id = p_tenant)
        THEN 'payload.wip_override.supervisor_id: no such profile in this terminal''s tenant'
    END AS why
    FROM (SELECT ord, raw #> '{payload,wip_override}' AS w FROM pg_temp.sync_batch
           WHERE ord BETWEEN p_from AND p_to AND status = 'new' AND NOT raw ? 'skip'
             AND raw ->> 'type' = 'operation.started' AND jsonb_typeof(raw -> 'payload') = 'object' AND raw -> 'payload' ? 'wip_override') s
    OFFSET 0 -- a fence: the uuid cast must only meet values the first WHEN accepted
  ) x
  WHERE b.ord = x.ord AND x.why IS NOT NULL;

  PERFORM sync_apply_effects(p_tenant, p_terminal, p_from, p_to);
END $$;
REVOKE EXECUTE ON FUNCTION sync_apply(uuid, uuid, integer, integer) FROM PUBLIC;
