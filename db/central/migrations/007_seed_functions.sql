-- The Eryxon seed's helper functions that apply to the terminal's central.
-- get_user_tenant_id/get_user_role are SECURITY DEFINER so RLS policies on profiles can call them
-- without recursing into profiles' own policy; search_path is pinned so a caller cannot shadow
-- profiles with a table of their own.

CREATE FUNCTION get_user_tenant_id() RETURNS uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT tenant_id FROM public.profiles WHERE id = auth.uid() AND active AND deleted_at IS NULL
$$;

CREATE FUNCTION get_user_role() RETURNS app_role
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT role FROM public.profiles WHERE id = auth.uid() AND active AND deleted_at IS NULL
$$;

CREATE FUNCTION is_root_admin() RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT coalesce((SELECT is_root_admin FROM public.profiles WHERE id = auth.uid() AND active AND deleted_at IS NULL), false)
$$;

-- Work in progress at a cell: operations started but not finished.
CREATE FUNCTION get_cell_wip_count(p_cell_id uuid, p_tenant_id uuid) RETURNS integer
LANGUAGE sql STABLE SET search_path = public, pg_temp AS $$
  SELECT count(*)::integer FROM public.operations
  WHERE cell_id = p_cell_id AND tenant_id = p_tenant_id AND status = 'in_progress' AND deleted_at IS NULL
$$;

-- MD5 of the canonical jsonb text: jsonb normalises key order, so equal content hashes equally.
CREATE FUNCTION generate_sync_hash(p_data jsonb) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT md5(p_data::text)
$$;

-- Writes an activity_log row and queues one delivery per active webhook of the tenant subscribed
-- to the event ('create' on 'job' is 'job.created', as in the seed's webhook event names). The
-- HTTP call is made by a worker outside the database, never from SQL. Returns the log row's id.
CREATE FUNCTION log_activity_and_webhook(
  p_tenant_id uuid,
  p_user_id uuid,
  p_action text,
  p_entity_type text,
  p_entity_id uuid,
  p_entity_name text DEFAULT NULL,
  p_description text DEFAULT NULL,
  p_changes jsonb DEFAULT NULL,
  p_metadata jsonb DEFAULT NULL
) RETURNS uuid
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_id uuid;
  v_event text;
BEGIN
  INSERT INTO public.activity_log (tenant_id, user_id, action, entity_type, entity_id, entity_name, description, changes, metadata)
  VALUES (p_tenant_id, p_user_id, p_action, p_entity_type, p_entity_id, p_entity_name, p_description, p_changes, p_metadata)
  RETURNING id INTO v_id;

  v_event := p_entity_type || '.' || CASE p_action
    WHEN 'create' THEN 'created' WHEN 'update' THEN 'updated' WHEN 'delete' THEN 'deleted' ELSE p_action END;

  INSERT INTO public.webhook_deliveries (tenant_id, webhook_id, event_type, payload)
  SELECT w.tenant_id, w.id, v_event, jsonb_build_object(
           'event', v_event, 'tenant_id', p_tenant_id, 'user_id', p_user_id,
           'entity_type', p_entity_type, 'entity_id', p_entity_id, 'entity_name', p_entity_name,
           'description', p_description, 'changes', p_changes, 'metadata', p_metadata,
           'activity_id', v_id, 'occurred_at', now())
  FROM public.webhooks w
  WHERE w.tenant_id = p_tenant_id AND w.active AND v_event = ANY (w.events);
  RETURN v_id;
END $$;
