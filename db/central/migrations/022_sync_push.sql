-- 022: terminal_push (DESIGN 6.2, issue 4). One Postgres transaction per batch:
--   * each event is stored once in sync_events, keyed by event_id, in the same transaction as its
--     effects on the seed tables, and the device's high-water device_seq advances with it;
--   * a gap in device_seq is refused (SF409); a replay of an acknowledged event is a 'duplicate';
--   * an event that can never apply (bad payload, a row of another tenant, an unknown type, an old
--     schema_version) is recorded as 'rejected' with its reason and does not block later events;
--   * a schema_version newer than this central refuses the whole batch (SF426): the terminal keeps
--     its queue until the central is upgraded.
-- Effects are applied set-based (one statement per effect per batch). If that fast path raises,
-- the batch is re-applied event by event, each in its own subtransaction, so one poisonous event
-- is rejected with the database's reason while the rest still apply.

CREATE TABLE sync_events (
  event_id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  terminal_id uuid NOT NULL REFERENCES terminals (id) ON DELETE CASCADE,
  device_seq bigint NOT NULL CHECK (device_seq >= 1),
  type text NOT NULL,
  schema_version integer,
  occurred_at timestamptz,
  mono_ms double precision,
  boot_id uuid,
  actor_id uuid,
  payload jsonb,
  status text NOT NULL CHECK (status IN ('applied', 'rejected')),
  reject_reason text,
  received_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (terminal_id, device_seq)
);
CREATE INDEX idx_sync_events_rejected ON sync_events (tenant_id, received_at DESC) WHERE status = 'rejected';
SELECT enable_tenant_isolation('public.sync_events');

-- The event vocabulary as the central knows it (shared/events/payloads.ts is the source), with
-- how each event is written to the activity log (log_activity_and_webhook semantics: action,
-- entity, who, changes). 'started' on 'operation' becomes the seed's webhook 'operation.started'.
CREATE TABLE sync_event_types (
  type text PRIMARY KEY,
  action text NOT NULL,
  entity_type text NOT NULL,
  entity_key text[] NOT NULL,
  description text NOT NULL
);
INSERT INTO sync_event_types VALUES
  ('session.opened', 'login', 'session', '{profile_id}', 'Operator logged in at a terminal'),
  ('session.closed', 'logout', 'session', '{profile_id}', 'Operator logged out'),
  ('session.login_failed', 'login_failed', 'session', '{profile_id}', 'Wrong PIN'),
  ('session.locked_out', 'locked_out', 'profile', '{profile_id}', 'PIN login locked after repeated failures'),
  ('session.unlocked', 'unlocked', 'profile', '{profile_id}', 'PIN lockout cleared'),
  ('operation.started', 'started', 'operation', '{operation_id}', 'Operation started'),
  ('operation.paused', 'paused', 'operation', '{operation_id}', 'Operation paused'),
  ('operation.resumed', 'resumed', 'operation', '{operation_id}', 'Operation resumed'),
  ('operation.completed', 'completed', 'operation', '{operation_id}', 'Operation completed'),
  ('time_entry.auto_closed', 'auto_closed', 'time_entry', '{entry,time_entry_id}', 'Open time entry closed by the sweep; needs review'),
  ('quantity.reported', 'create', 'quantity', '{quantity_id}', 'Quantities reported'),
  ('downtime.started', 'create', 'downtime', '{downtime_id}', 'Downtime started'),
  ('downtime.ended', 'ended', 'downtime', '{downtime_id}', 'Downtime ended'),
  ('downtime.categorised', 'categorised', 'downtime', '{downtime_id}', 'Downtime reason set'),
  ('downtime.split', 'split', 'downtime', '{downtime_id}', 'Downtime split'),
  ('downtime.edited', 'update', 'downtime', '{downtime_id}', 'Downtime edited'),
  ('issue.reported', 'create', 'issue', '{issue_id}', 'Issue reported'),
  ('issue.status_changed', 'update', 'issue', '{issue_id}', 'Issue status changed'),
  ('cycles.counted', 'create', 'cycle_count', '{count_id}', 'Machine cycles counted'),
  ('note.added', 'create', 'shift_note', '{note_id}', 'Shift note added');

CREATE FUNCTION sync_is_uuid(t text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
  SELECT t IS NOT NULL AND t ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
$$;
CREATE FUNCTION sync_is_time(t text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
  SELECT t IS NOT NULL AND t ~ '^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$'
$$;
CREATE FUNCTION sync_is_count(j jsonb) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
  SELECT j IS NOT NULL AND jsonb_typeof(j) = 'number' AND j::text ~ '^\d{1,9}$'
$$;
CREATE FUNCTION sync_is_seconds(j jsonb) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN j IS NOT NULL AND jsonb_typeof(j) = 'number' THEN (j::text)::numeric >= 0 AND (j::text)::numeric < 1e9 ELSE false END
$$;
CREATE FUNCTION sync_is_text(j jsonb, max_len integer, min_len integer DEFAULT 1) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
  SELECT j IS NOT NULL AND jsonb_typeof(j) = 'string' AND length(j #>> '{}') BETWEEN min_len AND max_len
$$;

/** The first structural problem of a payload ("field: reason"), or NULL. Mirrors the zod schemas. */
CREATE FUNCTION sync_payload_problem(p_type text, p jsonb) RETURNS text
LANGUAGE plpgsql IMMUTABLE SET search_path = public, pg_temp AS $$
DECLARE
  f text;
  q jsonb;
  e jsonb;
BEGIN
  IF p IS NULL OR jsonb_typeof(p) <> 'object' THEN RETURN 'payload: expected an object'; END IF;
  -- Required id fields per type.
  FOREACH f IN ARRAY CASE p_type
    WHEN 'operation.started' THEN ARRAY['operation_id', 'time_entry_id', 'cell_id', 'profile_id']
    WHEN 'operation.resumed' THEN ARRAY['operation_id', 'time_entry_id', 'cell_id', 'profile_id']
    WHEN 'operation.paused' THEN ARRAY['operation_id']
    WHEN 'operation.completed' THEN ARRAY['operation_id']
    WHEN 'time_entry.auto_closed' THEN ARRAY['operation_id']
    WHEN 'quantity.reported' THEN ARRAY['quantity_id', 'operation_id']
    WHEN 'downtime.started' THEN ARRAY['downtime_id', 'cell_id']
    WHEN 'downtime.ended' THEN ARRAY['downtime_id']
    WHEN 'downtime.categorised' THEN ARRAY['downtime_id', 'reason_id']
    WHEN 'downtime.split' THEN ARRAY['downtime_id', 'new_downtime_id']
    WHEN 'downtime.edited' THEN ARRAY['downtime_id']
    WHEN 'issue.reported' THEN ARRAY['issue_id', 'operation_id']
    WHEN 'issue.status_changed' THEN ARRAY['issue_id']
    WHEN 'cycles.counted' THEN ARRAY['count_id', 'machine_id', 'cell_id']
    WHEN 'note.added' THEN ARRAY['note_id', 'cell_id']
    ELSE ARRAY['profile_id'] -- session.*
  END LOOP
    IF NOT sync_is_uuid(p ->> f) THEN RETURN format('payload.%s: a UUID is required', f); END IF;
  END LOOP;
  FOREACH f IN ARRAY ARRAY['resource_id', 'reason_id', 'category_id', 'quantity_id'] LOOP
    IF p ? f AND NOT sync_is_uuid(p ->> f) THEN RETURN format('payload.%s: not a UUID', f); END IF;
  END LOOP;
  IF p ? 'custom_fields' AND jsonb_typeof(p -> 'custom_fields') <> 'object' THEN
    RETURN 'payload.custom_fields: expected an object';
  END IF;

  CASE p_type
    WHEN 'operation.started' THEN
      IF p ? 'sequence_override' AND (NOT sync_is_uuid(p #>> '{sequence_override,supervisor_id}')
          OR NOT sync_is_text(p #> '{sequence_override,reason}', 500)) THEN
        RETURN 'payload.sequence_override: needs supervisor_id and a reason';
      END IF;
    WHEN 'operation.paused', 'time_entry.auto_closed' THEN
      IF p_type = 'operation.paused' AND NOT sync_is_text(p -> 'reason', 200) THEN RETURN 'payload.reason: 1–200 characters required'; END IF;
      e := p -> 'entry';
      IF e IS NULL OR NOT sync_is_uuid(e ->> 'time_entry_id') OR NOT sync_is_uuid(e ->> 'profile_id') THEN
        RETURN 'payload.entry: time_entry_id and profile_id are required';
      END IF;
      IF NOT sync_is_seconds(e -> 'duration_s') THEN RETURN 'payload.entry.duration_s: a non-negative number of seconds is required'; END IF;
      IF p_type = 'time_entry.auto_closed' AND coalesce(p ->> 'cause', '') NOT IN ('open_limit', 'shift_end') THEN
        RETURN 'payload.cause: must be open_limit or shift_end';
      END IF;
    WHEN 'operation.completed' THEN
      IF jsonb_typeof(p -> 'closed_entries') IS DISTINCT FROM 'array' THEN RETURN 'payload.closed_entries: expected an array'; END IF;
      FOR e IN SELECT value FROM jsonb_array_elements(p -> 'closed_entries') LOOP
        IF NOT sync_is_uuid(e ->> 'time_entry_id') OR NOT sync_is_uuid(e ->> 'profile_id') OR NOT sync_is_seconds(e -> 'duration_s') THEN
          RETURN 'payload.closed_entries: each needs time_entry_id, profile_id and duration_s';
        END IF;
      END LOOP;
      IF p ? 'quantities' AND NOT p ? 'quantity_id' THEN RETURN 'payload.quantity_id: required with quantities'; END IF;
    WHEN 'downtime.started' THEN
      IF coalesce(p ->> 'source', '') NOT IN ('operator', 'machine') THEN RETURN 'payload.source: must be operator or machine'; END IF;
    WHEN 'downtime.ended' THEN
      IF NOT sync_is_seconds(p -> 'duration_s') THEN RETURN 'payload.duration_s: a non-negative number of seconds is required'; END IF;
    WHEN 'downtime.split' THEN
      IF NOT sync_is_seconds(p -> 'at_offset_s') THEN RETURN 'payload.at_offset_s: a non-negative number of seconds is required'; END IF;
    WHEN 'downtime.edited' THEN
      IF NOT sync_is_text(p -> 'why', 500) THEN RETURN 'payload.why: 1–500 characters required'; END IF;
      IF (p ? 'started_at' AND NOT sync_is_time(p ->> 'started_at')) OR (p ? 'ended_at' AND NOT sync_is_time(p ->> 'ended_at')) THEN
        RETURN 'payload.started_at/ended_at: ISO 8601 times with offset required';
      END IF;
    WHEN 'issue.reported' THEN
      IF coalesce(p ->> 'severity', '') NOT IN ('low', 'medium', 'high', 'critical') THEN RETURN 'payload.severity: must be low, medium, high or critical'; END IF;
      IF coalesce(p ->> 'issue_type', '') NOT IN ('general', 'ncr') THEN RETURN 'payload.issue_type: must be general or ncr'; END IF;
      IF NOT sync_is_text(p -> 'description', 4000) THEN RETURN 'payload.description: 1–4000 characters required'; END IF;
      IF jsonb_typeof(p -> 'causes_standstill') IS DISTINCT FROM 'boolean' THEN RETURN 'payload.causes_standstill: true or false required'; END IF;
      IF p ? 'affected_quantity' AND NOT sync_is_count(p -> 'affected_quantity') THEN RETURN 'payload.affected_quantity: a non-negative integer'; END IF;
      IF jsonb_typeof(coalesce(p -> 'photos', '[]')) <> 'array' OR jsonb_array_length(coalesce(p -> 'photos', '[]')) > 10 THEN
        RETURN 'payload.photos: at most 10 photos';
      END IF;
      FOR e IN SELECT value FROM jsonb_array_elements(coalesce(p -> 'photos', '[]')) LOOP
        IF NOT sync_is_uuid(e ->> 'attachment_id') OR NOT sync_is_count(e -> 'size_bytes') OR coalesce(e ->> 'sha256', '') !~ '^[0-9a-f]{64}$'
           OR NOT sync_is_text(e -> 'file_name', 200, 0) OR NOT sync_is_text(e -> 'mime_type', 100, 0) THEN
          RETURN 'payload.photos: each needs attachment_id, file_name, mime_type, size_bytes and a sha256';
        END IF;
      END LOOP;
    WHEN 'issue.status_changed' THEN
      IF coalesce(p ->> 'status', '') NOT IN ('pending', 'approved', 'rejected', 'closed') THEN RETURN 'payload.status: not an issue status'; END IF;
    WHEN 'cycles.counted' THEN
      IF NOT sync_is_count(p -> 'delta') THEN RETURN 'payload.delta: a non-negative integer is required'; END IF;
      IF jsonb_typeof(p -> 'machine_seq') IS DISTINCT FROM 'number' OR (p ->> 'machine_seq') !~ '^\d{1,15}$' THEN
        RETURN 'payload.machine_seq: a non-negative integer is required';
      END IF;
      IF p ? 'counter' AND (jsonb_typeof(p -> 'counter') <> 'number' OR (p ->> 'counter') !~ '^\d{1,15}$') THEN RETURN 'payload.counter: a non-negative integer'; END IF;
      IF NOT sync_is_time(p ->> 'counted_at') THEN RETURN 'payload.counted_at: an ISO 8601 time with offset is required'; END IF;
    WHEN 'note.added' THEN
      IF NOT sync_is_text(p -> 'text', 4000) THEN RETURN 'payload.text: 1–4000 characters required'; END IF;
    WHEN 'session.closed' THEN
      IF coalesce(p ->> 'reason', '') NOT IN ('logout', 'removed_from_crew') THEN RETURN 'payload.reason: must be logout or removed_from_crew'; END IF;
    ELSE NULL;
  END CASE;

  q := CASE WHEN p_type IN ('quantity.reported', 'operation.completed') THEN p -> 'quantities' END;
  IF q IS NOT NULL THEN
    IF NOT (sync_is_count(q -> 'good') AND sync_is_count(q -> 'scrap') AND sync_is_count(q -> 'rework') AND sync_is_count(q -> 'produced')) THEN
      RETURN 'payload.quantities: good, scrap, rework and produced must be non-negative integers';
    END IF;
    IF (q ->> 'produced')::int <> (q ->> 'good')::int + (q ->> 'scrap')::int + (q ->> 'rework')::int THEN
      RETURN 'payload.quantities.produced: must equal good + scrap + rework';
    END IF;
    IF jsonb_typeof(coalesce(q -> 'scrap_reasons', '[]')) <> 'array' THEN RETURN 'payload.quantities.scrap_reasons: expected an array'; END IF;
    FOR e IN SELECT value FROM jsonb_array_elements(coalesce(q -> 'scrap_reasons', '[]')) LOOP
      IF NOT sync_is_uuid(e ->> 'reason_id') OR NOT sync_is_count(e -> 'quantity') OR (e ->> 'quantity')::int < 1 THEN
        RETURN 'payload.quantities.scrap_reasons: each needs reason_id and a quantity of at least 1';
      END IF;
    END LOOP;
    IF (SELECT coalesce(sum((l ->> 'quantity')::int), 0) FROM jsonb_array_elements(coalesce(q -> 'scrap_reasons', '[]')) l) > (q ->> 'scrap')::int THEN
      RETURN 'payload.quantities.scrap_reasons: add up to more than the scrap quantity';
    END IF;
  ELSIF p_type = 'quantity.reported' THEN
    RETURN 'payload.quantities: required';
  END IF;
  RETURN NULL;
END $$;
