-- The Eryxon seed's plan-quota helpers: whether a tenant may create another job or more parts this
-- month, and its quota figures. A NULL limit means "unlimited" (on-site centrals have no plan).
CREATE FUNCTION can_create_job(p_tenant_id uuid) RETURNS boolean
LANGUAGE sql STABLE SET search_path = public, pg_temp AS $$
  SELECT coalesce((SELECT max_jobs IS NULL OR current_jobs < max_jobs FROM public.tenants WHERE id = p_tenant_id), false)
$$;

CREATE FUNCTION can_create_parts(p_tenant_id uuid, p_quantity integer) RETURNS boolean
LANGUAGE sql STABLE SET search_path = public, pg_temp AS $$
  SELECT coalesce((SELECT max_parts_per_month IS NULL OR current_parts_this_month + greatest(p_quantity, 0) <= max_parts_per_month
                   FROM public.tenants WHERE id = p_tenant_id), false)
$$;

CREATE FUNCTION get_tenant_quota(p_tenant_id uuid)
RETURNS TABLE (plan subscription_plan, status subscription_status, max_jobs integer, current_jobs integer,
               max_parts_per_month integer, current_parts_this_month integer)
LANGUAGE sql STABLE SET search_path = public, pg_temp AS $$
  SELECT plan, status, max_jobs, current_jobs, max_parts_per_month, current_parts_this_month FROM public.tenants WHERE id = p_tenant_id
$$;
