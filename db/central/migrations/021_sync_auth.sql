-- 021: device credentials, enrollment, heartbeat and the low-privilege terminal role (DESIGN 6.6).
-- A credential is 'dc_' + base64url(random), exactly the scheme of
-- electron/core/security/secret-keys.ts: looked up by an 8-character prefix, stored only as its
-- SHA-256 hex. It is high-entropy, so a fast hash is safe; comparing two SHA-256 digests of a
-- random secret leaks nothing useful through timing (the attacker cannot steer the digest).
-- Errors use SQLSTATEs in class SF so both transports can classify them (electron/core/sync/errors.ts).

-- The schema versions this central accepts: the current and the previous one (DESIGN 6.5).
CREATE FUNCTION sync_schema_max() RETURNS integer LANGUAGE sql IMMUTABLE AS $$ SELECT 1 $$;
CREATE FUNCTION sync_schema_min() RETURNS integer LANGUAGE sql IMMUTABLE AS $$ SELECT greatest(1, sync_schema_max() - 1) $$;

CREATE FUNCTION sync_base64url(p bytea) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT rtrim(translate(encode(p, 'base64'), E'+/\n', '-_'), '=')
$$;

CREATE FUNCTION sync_sha256_hex(p text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT encode(sha256(convert_to(p, 'UTF8')), 'hex')
$$;

/** Returns the terminal a credential belongs to, or raises SF401 (unknown) / SF403 (revoked). */
CREATE FUNCTION sync_authenticate(p_credential text) RETURNS terminals
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_term public.terminals;
  v_prefix text;
BEGIN
  IF p_credential IS NULL OR p_credential !~ '^dc_[A-Za-z0-9_-]{16,128}$' THEN
    RAISE EXCEPTION 'credential: not a device credential (expected dc_…)' USING ERRCODE = 'SF401';
  END IF;
  v_prefix := left(substr(p_credential, 4), 8);
  SELECT * INTO v_term FROM public.terminals
   WHERE credential_prefix = v_prefix AND credential_hash = sync_sha256_hex(p_credential);
  IF NOT FOUND THEN
    RAISE EXCEPTION 'credential: unknown device credential; enroll this terminal again' USING ERRCODE = 'SF401';
  END IF;
  IF v_term.revoked_at IS NOT NULL THEN
    RAISE EXCEPTION 'credential: this terminal was revoked at %; syncing stopped, its queue is kept', v_term.revoked_at
      USING ERRCODE = 'SF403';
  END IF;
  RETURN v_term;
END $$;

CREATE FUNCTION terminal_enroll(p_code text, p_name text, p_app_version text) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_code public.terminal_enrollment_codes;
  v_credential text;
  v_id uuid;
  v_name text;
BEGIN
  IF p_code IS NULL OR length(p_code) NOT BETWEEN 4 AND 200 THEN
    RAISE EXCEPTION 'code: an enrollment code is required' USING ERRCODE = 'SF404';
  END IF;
  SELECT * INTO v_code FROM public.terminal_enrollment_codes
   WHERE code_hash = sync_sha256_hex(p_code) FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'code: unknown enrollment code' USING ERRCODE = 'SF404';
  END IF;
  IF v_code.used_at IS NOT NULL THEN
    RAISE EXCEPTION 'code: this enrollment code was already used at %', v_code.used_at USING ERRCODE = 'SF404';
  END IF;
  IF v_code.expires_at < now() THEN
    RAISE EXCEPTION 'code: this enrollment code expired at %', v_code.expires_at USING ERRCODE = 'SF404';
  END IF;
  -- 32 bytes from two random UUIDs: 244 random bits, more than secret-keys.ts's 192.
  v_credential := 'dc_' || sync_base64url(uuid_send(gen_random_uuid()) || uuid_send(gen_random_uuid()));
  v_name := coalesce(nullif(btrim(p_name), ''), v_code.terminal_name);
  INSERT INTO public.terminals (tenant_id, name, cell_ids, credential_prefix, credential_hash, app_version, last_seen_at)
  VALUES (v_code.tenant_id, v_name, v_code.cell_ids, left(substr(v_credential, 4), 8), sync_sha256_hex(v_credential),
          left(p_app_version, 50), now())
  RETURNING id INTO v_id;
  UPDATE public.terminal_enrollment_codes SET used_at = now(), terminal_id = v_id WHERE id = v_code.id;
  PERFORM public.log_activity_and_webhook(v_code.tenant_id, v_code.created_by, 'create', 'terminal', v_id, v_name,
    'Terminal enrolled', jsonb_build_object('cell_ids', to_jsonb(v_code.cell_ids)), jsonb_build_object('app_version', p_app_version));
  RETURN jsonb_build_object('credential', v_credential, 'device_id', v_id, 'tenant_id', v_code.tenant_id,
    'cell_ids', to_jsonb(v_code.cell_ids), 'terminal_name', v_name);
END $$;

-- Health reported by the terminal; stored on terminals for the admin view.
CREATE FUNCTION terminal_heartbeat(p_credential text, p_stats jsonb) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_term public.terminals := sync_authenticate(p_credential);
BEGIN
  IF p_stats IS NULL OR jsonb_typeof(p_stats) <> 'object' THEN
    RAISE EXCEPTION 'stats: expected an object' USING ERRCODE = 'SF400';
  END IF;
  UPDATE public.terminals SET
    app_version = coalesce(left(p_stats ->> 'app_version', 50), app_version),
    queue_depth = CASE WHEN jsonb_typeof(p_stats -> 'queue_depth') = 'number' THEN (p_stats ->> 'queue_depth')::numeric::integer END,
    oldest_pending_s = CASE WHEN jsonb_typeof(p_stats -> 'oldest_pending_age_s') = 'number' THEN (p_stats ->> 'oldest_pending_age_s')::numeric END,
    dead_letters = CASE WHEN jsonb_typeof(p_stats -> 'dead_letters') = 'number' THEN (p_stats ->> 'dead_letters')::numeric::integer END,
    clock_skew_ms = CASE WHEN jsonb_typeof(p_stats -> 'clock_skew_ms') = 'number'
                         THEN greatest(-2147483648, least(2147483647, (p_stats ->> 'clock_skew_ms')::numeric))::integer END,
    last_seen_at = now()
  WHERE id = v_term.id;
  RETURN jsonb_build_object('server_time', to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
    'min_schema', sync_schema_min(), 'max_schema', sync_schema_max());
END $$;

-- Revocation (admin side): the terminal's next call gets SF403 and shows it; its queue stays local.
CREATE FUNCTION terminal_revoke(p_terminal_id uuid) RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
  UPDATE public.terminals SET revoked_at = coalesce(revoked_at, now()) WHERE id = p_terminal_id
$$;
REVOKE EXECUTE ON FUNCTION terminal_revoke(uuid) FROM PUBLIC;
