-- 001: the outbox (DESIGN section 4), the terminal's identity, and the reference data pulled
-- from the central. Reference tables mirror the central's seed tables with only the columns the
-- terminal reads; `version` is the central's change version and `deleted_at` its tombstone.

CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

-- Append-only. device_seq is gapless because it is assigned inside the same transaction that
-- writes the event, by the single writer. Nothing is deleted: a dead letter keeps its reason.
CREATE TABLE outbox (
  device_seq      INTEGER PRIMARY KEY,
  event_id        TEXT    NOT NULL UNIQUE,
  type            TEXT    NOT NULL,
  schema_version  INTEGER NOT NULL,
  payload         TEXT    NOT NULL,
  occurred_at     TEXT    NOT NULL,
  mono_ms         REAL    NOT NULL,
  boot_id         TEXT    NOT NULL,
  actor_id        TEXT,
  -- The main row the event touches (an operation, a stop, an issue), so a pull never
  -- overwrites a local fact that is still waiting to be pushed.
  entity_id       TEXT,
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT,
  last_error      TEXT,
  sent_at         TEXT,
  dead_at         TEXT,
  dead_reason     TEXT
) STRICT;
CREATE INDEX outbox_pending ON outbox (device_seq) WHERE sent_at IS NULL AND dead_at IS NULL;
CREATE INDEX outbox_dead ON outbox (device_seq) WHERE dead_at IS NOT NULL;
CREATE INDEX outbox_entity_pending ON outbox (entity_id) WHERE sent_at IS NULL AND dead_at IS NULL;

-- Photo and file bytes for issues. Kept beside the event, uploaded by sync after the event.
CREATE TABLE attachments (
  id          TEXT PRIMARY KEY,
  issue_id    TEXT NOT NULL,
  file_name   TEXT NOT NULL,
  mime_type   TEXT NOT NULL,
  size_bytes  INTEGER NOT NULL,
  sha256      TEXT NOT NULL,
  data        BLOB NOT NULL,
  created_at  TEXT NOT NULL,
  uploaded_at TEXT
) STRICT;
CREATE INDEX attachments_pending ON attachments (created_at) WHERE uploaded_at IS NULL;

-- Reference data (pulled) ---------------------------------------------------------------

CREATE TABLE tenants (
  id TEXT PRIMARY KEY, name TEXT NOT NULL, timezone TEXT,
  factory_opening_time TEXT, factory_closing_time TEXT,
  version INTEGER NOT NULL DEFAULT 0, deleted_at TEXT
) STRICT;

CREATE TABLE cells (
  id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL, name TEXT NOT NULL, description TEXT,
  sequence INTEGER, color TEXT, active INTEGER NOT NULL DEFAULT 1,
  wip_limit INTEGER, wip_warning_threshold INTEGER, enforce_wip_limit INTEGER NOT NULL DEFAULT 0,
  version INTEGER NOT NULL DEFAULT 0, deleted_at TEXT
) STRICT;

CREATE TABLE jobs (
  id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL, job_number TEXT NOT NULL, customer TEXT,
  status TEXT NOT NULL, due_date TEXT, due_date_override TEXT, notes TEXT,
  version INTEGER NOT NULL DEFAULT 0, deleted_at TEXT
) STRICT;

CREATE TABLE parts (
  id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL, job_id TEXT NOT NULL, part_number TEXT NOT NULL,
  material TEXT, quantity INTEGER NOT NULL DEFAULT 1, status TEXT NOT NULL, current_cell_id TEXT,
  drawing_no TEXT, cnc_program_name TEXT, notes TEXT,
  material_lot TEXT, material_supplier TEXT, material_cert_number TEXT,
  is_bullet_card INTEGER NOT NULL DEFAULT 0,
  version INTEGER NOT NULL DEFAULT 0, deleted_at TEXT
) STRICT;
CREATE INDEX parts_job ON parts (job_id);

CREATE TABLE operations (
  id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL, part_id TEXT NOT NULL, cell_id TEXT NOT NULL,
  operation_name TEXT NOT NULL, sequence INTEGER NOT NULL, status TEXT NOT NULL,
  estimated_time REAL, actual_time REAL, setup_time REAL, run_time_per_unit REAL,
  planned_start TEXT, planned_end TEXT, completed_at TEXT, notes TEXT,
  version INTEGER NOT NULL DEFAULT 0, deleted_at TEXT
) STRICT;
CREATE INDEX operations_part_seq ON operations (part_id, sequence);
CREATE INDEX operations_cell_status ON operations (cell_id, status);

CREATE TABLE resources (
  id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL, name TEXT NOT NULL, type TEXT, identifier TEXT,
  status TEXT, active INTEGER NOT NULL DEFAULT 1, cell_id TEXT, ideal_cycle_time_s REAL,
  version INTEGER NOT NULL DEFAULT 0, deleted_at TEXT
) STRICT;

CREATE TABLE operation_resources (
  id TEXT PRIMARY KEY, operation_id TEXT NOT NULL, resource_id TEXT NOT NULL,
  quantity INTEGER, notes TEXT,
  version INTEGER NOT NULL DEFAULT 0, deleted_at TEXT
) STRICT;
CREATE INDEX operation_resources_op ON operation_resources (operation_id);

-- One worker identity (DESIGN section 7): operators, supervisors, admins and machine accounts.
CREATE TABLE profiles (
  id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL, employee_id TEXT, full_name TEXT,
  role TEXT NOT NULL, is_machine INTEGER NOT NULL DEFAULT 0, active INTEGER NOT NULL DEFAULT 1,
  pin_hash TEXT,
  version INTEGER NOT NULL DEFAULT 0, deleted_at TEXT
) STRICT;
CREATE UNIQUE INDEX profiles_employee ON profiles (employee_id) WHERE employee_id IS NOT NULL AND deleted_at IS NULL;

-- Machine account keys (the central `api_keys` rows that belong to machine profiles).
CREATE TABLE machine_keys (
  id TEXT PRIMARY KEY, profile_id TEXT NOT NULL, key_prefix TEXT NOT NULL, key_hash TEXT NOT NULL,
  active INTEGER NOT NULL DEFAULT 1,
  version INTEGER NOT NULL DEFAULT 0, deleted_at TEXT
) STRICT;
CREATE INDEX machine_keys_prefix ON machine_keys (key_prefix);

CREATE TABLE downtime_groups (
  id TEXT PRIMARY KEY, name TEXT NOT NULL, type TEXT NOT NULL, sort_order INTEGER NOT NULL DEFAULT 0,
  version INTEGER NOT NULL DEFAULT 0, deleted_at TEXT
) STRICT;

CREATE TABLE downtime_reasons (
  id TEXT PRIMARY KEY, group_id TEXT NOT NULL, code TEXT NOT NULL, name TEXT NOT NULL,
  -- How a machine count affects a stop with this reason: 'next_count' closes it at once,
  -- 'manual' keeps it open until a person ends it (a setup is not cut short by a stray count).
  count_closes TEXT NOT NULL DEFAULT 'next_count', active INTEGER NOT NULL DEFAULT 1,
  version INTEGER NOT NULL DEFAULT 0, deleted_at TEXT
) STRICT;

CREATE TABLE scrap_reasons (
  id TEXT PRIMARY KEY, code TEXT NOT NULL, name TEXT NOT NULL, active INTEGER NOT NULL DEFAULT 1,
  version INTEGER NOT NULL DEFAULT 0, deleted_at TEXT
) STRICT;

CREATE TABLE issue_categories (
  id TEXT PRIMARY KEY, code TEXT NOT NULL, name TEXT NOT NULL, active INTEGER NOT NULL DEFAULT 1,
  version INTEGER NOT NULL DEFAULT 0, deleted_at TEXT
) STRICT;

CREATE TABLE cell_custom_fields (
  id TEXT PRIMARY KEY, cell_id TEXT NOT NULL, key TEXT NOT NULL, label TEXT NOT NULL,
  field_type TEXT NOT NULL, phase TEXT NOT NULL, required INTEGER NOT NULL DEFAULT 0,
  options TEXT, min_value REAL, max_value REAL, sort_order INTEGER NOT NULL DEFAULT 0,
  version INTEGER NOT NULL DEFAULT 0, deleted_at TEXT
) STRICT;

CREATE TABLE mqtt_publishers (
  id TEXT PRIMARY KEY, name TEXT NOT NULL, broker_url TEXT NOT NULL, port INTEGER,
  username TEXT, password TEXT, use_tls INTEGER NOT NULL DEFAULT 0, topic_pattern TEXT NOT NULL,
  events TEXT NOT NULL DEFAULT '[]', active INTEGER NOT NULL DEFAULT 1,
  default_enterprise TEXT, default_site TEXT, default_area TEXT,
  version INTEGER NOT NULL DEFAULT 0, deleted_at TEXT
) STRICT;
