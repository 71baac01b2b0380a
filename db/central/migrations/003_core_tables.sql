-- The Eryxon seed's core tables, with the seed's names, columns and enum values so existing
-- dashboards and ERP connectors read our rows as their own. Additions for the terminal are marked.
-- profiles carries no foreign key to auth.users: PIN-only operators and machine accounts have no
-- email login, and one identity per worker means they still live in profiles (DESIGN 7).

CREATE TABLE tenants (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  company_name text,
  plan subscription_plan NOT NULL DEFAULT 'free',
  status subscription_status NOT NULL DEFAULT 'active',
  max_jobs integer,
  max_parts_per_month integer,
  current_jobs integer NOT NULL DEFAULT 0,
  current_parts_this_month integer NOT NULL DEFAULT 0,
  demo_mode_enabled boolean NOT NULL DEFAULT false,
  timezone text NOT NULL DEFAULT 'UTC',
  factory_opening_time time,
  factory_closing_time time,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE profiles (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  email text,
  username text,
  full_name text,
  role app_role NOT NULL DEFAULT 'operator',
  active boolean NOT NULL DEFAULT true,
  employee_id text,
  pin_hash text,
  has_email_login boolean NOT NULL DEFAULT false,
  is_machine boolean NOT NULL DEFAULT false,
  is_root_admin boolean NOT NULL DEFAULT false,
  onboarding_completed boolean NOT NULL DEFAULT false,
  -- Terminal addition: an admin unlock or PIN reset stamps this; terminals drop PIN failures older than it.
  lockout_cleared_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz,
  deleted_by uuid
);
ALTER TABLE profiles ADD CONSTRAINT profiles_deleted_by_fkey FOREIGN KEY (deleted_by) REFERENCES profiles (id) ON DELETE SET NULL;
-- A badge/employee id identifies one worker per tenant at PIN login.
CREATE UNIQUE INDEX idx_profiles_employee_id ON profiles (tenant_id, employee_id) WHERE employee_id IS NOT NULL AND deleted_at IS NULL;
CREATE INDEX idx_profiles_tenant ON profiles (tenant_id);

CREATE TABLE cells (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  name text NOT NULL,
  description text,
  sequence integer NOT NULL DEFAULT 0,
  color text,
  icon_name text,
  image_url text,
  active boolean NOT NULL DEFAULT true,
  wip_limit integer,
  wip_warning_threshold integer,
  enforce_wip_limit boolean NOT NULL DEFAULT false,
  show_capacity_warning boolean NOT NULL DEFAULT false,
  capacity_hours_per_day numeric,
  external_id text,
  external_source text,
  synced_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz,
  deleted_by uuid REFERENCES profiles (id) ON DELETE SET NULL
);
CREATE UNIQUE INDEX idx_cells_external_sync ON cells (tenant_id, external_source, external_id) WHERE external_id IS NOT NULL;
CREATE INDEX idx_cells_active ON cells (tenant_id, sequence) WHERE deleted_at IS NULL;

CREATE TABLE jobs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  job_number text NOT NULL,
  customer text,
  status job_status NOT NULL DEFAULT 'not_started',
  due_date timestamptz,
  due_date_override timestamptz,
  current_cell_id uuid REFERENCES cells (id) ON DELETE SET NULL,
  notes text,
  metadata jsonb,
  external_id text,
  external_source text,
  sync_hash text,
  synced_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz,
  deleted_by uuid REFERENCES profiles (id) ON DELETE SET NULL
);
CREATE UNIQUE INDEX idx_jobs_external_sync ON jobs (tenant_id, external_source, external_id) WHERE external_id IS NOT NULL;
CREATE INDEX idx_jobs_active ON jobs (tenant_id, created_at DESC) WHERE deleted_at IS NULL;

CREATE TABLE parts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  job_id uuid NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
  part_number text NOT NULL,
  material text,
  quantity integer NOT NULL DEFAULT 1 CHECK (quantity >= 0),
  status job_status NOT NULL DEFAULT 'not_started',
  current_cell_id uuid REFERENCES cells (id) ON DELETE SET NULL,
  drawing_no text,
  cnc_program_name text,
  parent_part_id uuid REFERENCES parts (id) ON DELETE SET NULL,
  length_mm numeric,
  width_mm numeric,
  height_mm numeric,
  weight_kg numeric,
  material_lot text,
  material_supplier text,
  material_cert_number text,
  image_paths text[],
  file_paths text[],
  is_bullet_card boolean NOT NULL DEFAULT false,
  notes text,
  metadata jsonb,
  external_id text,
  external_source text,
  sync_hash text,
  synced_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz,
  deleted_by uuid REFERENCES profiles (id) ON DELETE SET NULL
);
CREATE UNIQUE INDEX idx_parts_external_sync ON parts (tenant_id, external_source, external_id) WHERE external_id IS NOT NULL;
CREATE INDEX idx_parts_active ON parts (tenant_id, job_id) WHERE deleted_at IS NULL;

CREATE TABLE operations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  part_id uuid NOT NULL REFERENCES parts (id) ON DELETE CASCADE,
  cell_id uuid NOT NULL REFERENCES cells (id),
  operation_name text NOT NULL,
  sequence integer NOT NULL DEFAULT 1,
  status task_status NOT NULL DEFAULT 'not_started',
  estimated_time numeric,
  actual_time numeric,
  setup_time numeric,
  run_time_per_unit numeric,
  changeover_time numeric,
  wait_time numeric,
  planned_start timestamptz,
  planned_end timestamptz,
  completed_at timestamptz,
  completion_percentage integer CHECK (completion_percentage BETWEEN 0 AND 100),
  assigned_operator_id uuid REFERENCES profiles (id) ON DELETE SET NULL,
  icon_name text,
  notes text,
  metadata jsonb,
  external_id text,
  external_source text,
  synced_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz,
  deleted_by uuid REFERENCES profiles (id) ON DELETE SET NULL
);
CREATE UNIQUE INDEX idx_operations_external_sync ON operations (tenant_id, external_source, external_id) WHERE external_id IS NOT NULL;
CREATE INDEX idx_operations_active ON operations (tenant_id, part_id) WHERE deleted_at IS NULL;
CREATE INDEX idx_operations_cell_queue ON operations (cell_id, status) WHERE deleted_at IS NULL;

CREATE TABLE resources (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  name text NOT NULL,
  type text,
  identifier text,
  description text,
  location text,
  status text NOT NULL DEFAULT 'available',
  active boolean NOT NULL DEFAULT true,
  metadata jsonb,
  -- Terminal additions: the cell a machine stands in, and its ideal cycle for OEE performance.
  cell_id uuid REFERENCES cells (id) ON DELETE SET NULL,
  ideal_cycle_time_s numeric CHECK (ideal_cycle_time_s IS NULL OR ideal_cycle_time_s > 0),
  external_id text,
  external_source text,
  synced_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz,
  deleted_by uuid REFERENCES profiles (id) ON DELETE SET NULL
);
CREATE UNIQUE INDEX idx_resources_external_sync ON resources (tenant_id, external_source, external_id) WHERE external_id IS NOT NULL;
CREATE INDEX idx_resources_cell ON resources (cell_id) WHERE deleted_at IS NULL;

-- A child table without tenant_id (as in the seed): row-level security reaches it through its operation.
CREATE TABLE operation_resources (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  operation_id uuid NOT NULL REFERENCES operations (id) ON DELETE CASCADE,
  resource_id uuid NOT NULL REFERENCES resources (id) ON DELETE CASCADE,
  quantity integer NOT NULL DEFAULT 1,
  notes text,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (operation_id, resource_id)
);
CREATE INDEX idx_operation_resources_resource ON operation_resources (resource_id);

CREATE TABLE sync_imports (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  source text NOT NULL,
  entity_type text NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'processing', 'completed', 'failed')),
  total_records integer NOT NULL DEFAULT 0,
  created_count integer NOT NULL DEFAULT 0,
  updated_count integer NOT NULL DEFAULT 0,
  skipped_count integer NOT NULL DEFAULT 0,
  error_count integer NOT NULL DEFAULT 0,
  errors jsonb,
  file_name text,
  started_at timestamptz,
  completed_at timestamptz,
  created_by uuid REFERENCES profiles (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- key_hash is SHA-256 of a 192-bit key (electron/core/security/secret-keys.ts): a slow hash is
-- only needed for guessable secrets. profile_id (addition) ties a machine key to its machine account.
CREATE TABLE api_keys (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  name text NOT NULL,
  key_hash text NOT NULL,
  key_prefix text NOT NULL,
  active boolean NOT NULL DEFAULT true,
  created_by uuid REFERENCES profiles (id) ON DELETE SET NULL,
  last_used_at timestamptz,
  profile_id uuid REFERENCES profiles (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idx_api_keys_prefix ON api_keys (key_prefix) WHERE active;

CREATE TABLE webhooks (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  url text NOT NULL,
  secret_key text NOT NULL,
  events text[] NOT NULL DEFAULT '{}',
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Deliveries are queued rows; a worker outside the database does the HTTP (never from SQL).
CREATE TABLE webhook_deliveries (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  webhook_id uuid NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
  event_type text NOT NULL,
  payload jsonb NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  last_error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  delivered_at timestamptz
);
CREATE INDEX idx_webhook_deliveries_pending ON webhook_deliveries (created_at) WHERE status = 'pending';

CREATE TABLE activity_log (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  user_id uuid REFERENCES profiles (id) ON DELETE SET NULL,
  action text NOT NULL,
  entity_type text NOT NULL,
  entity_id uuid,
  entity_name text,
  description text,
  changes jsonb,
  metadata jsonb,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idx_activity_log_tenant ON activity_log (tenant_id, created_at DESC);

CREATE TABLE mqtt_publishers (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  name text NOT NULL,
  broker_url text NOT NULL,
  port integer NOT NULL DEFAULT 1883 CHECK (port BETWEEN 1 AND 65535),
  username text,
  password text,
  use_tls boolean NOT NULL DEFAULT false,
  topic_pattern text NOT NULL,
  events text[] NOT NULL DEFAULT '{}',
  active boolean NOT NULL DEFAULT true,
  default_enterprise text,
  default_site text,
  default_area text,
  created_at timestamptz NOT NULL DEFAULT now()
);
