-- 026: issue photo upload (after the issue's event), and the low-privilege terminal role.

-- Uploads the bytes of a photo whose metadata arrived with issue.reported. Verified against the
-- announced size and sha256, so a truncated upload is refused instead of stored. Idempotent.
CREATE FUNCTION terminal_upload_attachment(p_credential text, p_attachment jsonb) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_term public.terminals := sync_authenticate(p_credential);
  v_row public.issue_attachments;
  v_data bytea;
BEGIN
  IF p_attachment IS NULL OR jsonb_typeof(p_attachment) <> 'object' OR NOT sync_is_uuid(p_attachment ->> 'id') THEN
    RAISE EXCEPTION 'attachment.id: a UUID is required' USING ERRCODE = 'SF400';
  END IF;
  IF length(coalesce(p_attachment ->> 'data_base64', '')) > 14 * 1024 * 1024 THEN
    RAISE EXCEPTION 'attachment.data_base64: over the 10 MB limit' USING ERRCODE = 'SF413';
  END IF;
  SELECT a.* INTO v_row FROM public.issue_attachments a
   WHERE a.id = (p_attachment ->> 'id')::uuid AND a.tenant_id = v_term.tenant_id FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'attachment.id: no such photo in this terminal''s tenant (push its issue first)' USING ERRCODE = 'SF400';
  END IF;
  IF v_row.uploaded_at IS NOT NULL THEN
    RETURN jsonb_build_object('id', v_row.id, 'uploaded_at', v_row.uploaded_at);
  END IF;
  BEGIN
    v_data := decode(p_attachment ->> 'data_base64', 'base64');
  EXCEPTION WHEN OTHERS THEN
    RAISE EXCEPTION 'attachment.data_base64: not valid base64' USING ERRCODE = 'SF400';
  END;
  IF octet_length(v_data) <> v_row.size_bytes OR encode(sha256(v_data), 'hex') <> v_row.sha256 THEN
    RAISE EXCEPTION 'attachment.data_base64: size or sha256 does not match the photo announced with the issue' USING ERRCODE = 'SF400';
  END IF;
  UPDATE public.issue_attachments SET data = v_data, uploaded_at = now() WHERE id = v_row.id;
  RETURN jsonb_build_object('id', v_row.id, 'uploaded_at', now());
END $$;

-- The role terminals connect as (postgres transport). It can execute the five sync functions and
-- nothing else: no table privileges at all. The functions are SECURITY DEFINER and check the
-- device credential themselves, which is also why anon (Supabase) may call them.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'shopfloor_terminal') THEN
    BEGIN
      CREATE ROLE shopfloor_terminal NOLOGIN;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; -- another database migrating at once
    END;
  END IF;
END $$;

DO $$
DECLARE f text;
BEGIN
  FOREACH f IN ARRAY ARRAY['terminal_enroll(text, text, text)', 'terminal_push(text, jsonb)', 'terminal_pull(text, text, integer)',
                           'terminal_heartbeat(text, jsonb)', 'terminal_upload_attachment(text, jsonb)'] LOOP
    EXECUTE format('REVOKE EXECUTE ON FUNCTION %s FROM PUBLIC', f);
    EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO shopfloor_terminal, anon', f);
  END LOOP;
  -- Internal helpers are not part of the terminal's surface.
  FOREACH f IN ARRAY ARRAY['sync_authenticate(text)', 'sync_tombstone()', 'sync_restamp_routing()', 'sync_restamp_routing_moved()'] LOOP
    EXECUTE format('REVOKE EXECUTE ON FUNCTION %s FROM PUBLIC', f);
  END LOOP;
END $$;
GRANT USAGE ON SCHEMA public TO shopfloor_terminal;

-- Creates (or re-passwords) a LOGIN user in the terminal role, for `npm run admin` and the demo.
CREATE FUNCTION create_terminal_login(p_name text, p_password text) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF p_name !~ '^[a-z_][a-z0-9_]{2,62}$' THEN
    RAISE EXCEPTION 'name: lower-case letters, digits and underscores only';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = p_name) THEN
    BEGIN
      EXECUTE format('CREATE ROLE %I LOGIN PASSWORD %L IN ROLE shopfloor_terminal', p_name, p_password);
    EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
    END;
  ELSE
    EXECUTE format('ALTER ROLE %I LOGIN PASSWORD %L', p_name, p_password);
    EXECUTE format('GRANT shopfloor_terminal TO %I', p_name);
  END IF;
END $$;
REVOKE EXECUTE ON FUNCTION create_terminal_login(text, text) FROM PUBLIC;
