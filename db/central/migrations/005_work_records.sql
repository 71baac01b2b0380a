-- Work facts reported at the terminal: time entries and issues (Eryxon columns plus terminal
-- additions), quantities with scrap lines per reason, the reason/category lists, and issue photos.
-- Every person reference points at profiles: there is no second operators table (DESIGN 7).

CREATE TABLE scrap_reasons (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  code text NOT NULL,
  name text NOT NULL,
  active boolean NOT NULL DEFAULT true,
  sort integer NOT NULL DEFAULT 0,
  UNIQUE (tenant_id, code)
);

CREATE TABLE issue_categories (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  code text NOT NULL,
  name text NOT NULL,
  active boolean NOT NULL DEFAULT true,
  sort integer NOT NULL DEFAULT 0,
  UNIQUE (tenant_id, code)
);

CREATE TABLE time_entries (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  operation_id uuid NOT NULL REFERENCES operations (id) ON DELETE CASCADE,
  operator_id uuid NOT NULL REFERENCES profiles (id),
  start_time timestamptz NOT NULL,
  end_time timestamptz,
  duration integer CHECK (duration IS NULL OR duration >= 0), -- seconds
  time_type text NOT NULL DEFAULT 'run',
  notes text,
  is_paused boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  -- Terminal additions.
  terminal_id uuid REFERENCES terminals (id) ON DELETE SET NULL,
  needs_review boolean NOT NULL DEFAULT false,
  auto_close_cause text CHECK (auto_close_cause IN ('open_limit', 'shift_end')),
  CHECK (end_time IS NULL OR end_time >= start_time)
);
CREATE INDEX idx_time_entries_operation ON time_entries (operation_id);
CREATE INDEX idx_time_entries_open ON time_entries (tenant_id, operator_id) WHERE end_time IS NULL;

CREATE TABLE issues (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  operation_id uuid NOT NULL REFERENCES operations (id) ON DELETE CASCADE,
  created_by uuid NOT NULL REFERENCES profiles (id),
  title text NOT NULL,
  description text,
  severity issue_severity NOT NULL DEFAULT 'medium',
  status issue_status NOT NULL DEFAULT 'pending',
  reviewed_by uuid REFERENCES profiles (id) ON DELETE SET NULL,
  reviewed_at timestamptz,
  resolution_notes text,
  image_paths text[],
  created_at timestamptz NOT NULL DEFAULT now(),
  -- Terminal additions.
  issue_type text NOT NULL DEFAULT 'general' CHECK (issue_type IN ('general', 'ncr')),
  category_id uuid REFERENCES issue_categories (id) ON DELETE SET NULL,
  affected_quantity integer CHECK (affected_quantity IS NULL OR affected_quantity >= 0),
  causes_standstill boolean NOT NULL DEFAULT false,
  terminal_id uuid REFERENCES terminals (id) ON DELETE SET NULL
);
CREATE INDEX idx_issues_operation ON issues (operation_id);
CREATE INDEX idx_issues_pending ON issues (tenant_id) WHERE status = 'pending';

-- Photo bytes arrive after the issue's event (sync uploads them separately), so data is nullable
-- until uploaded; sha256 lets the upload be verified and de-duplicated.
CREATE TABLE issue_attachments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  issue_id uuid NOT NULL REFERENCES issues (id) ON DELETE CASCADE,
  file_name text NOT NULL,
  mime_type text NOT NULL,
  size_bytes integer NOT NULL CHECK (size_bytes >= 0),
  sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  data bytea,
  uploaded_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (data IS NULL OR octet_length(data) = size_bytes)
);
CREATE INDEX idx_issue_attachments_issue ON issue_attachments (issue_id);

-- One reported quantity set; the CHECK makes produced = good + scrap + rework a database fact.
CREATE TABLE operation_quantities (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  operation_id uuid NOT NULL REFERENCES operations (id) ON DELETE CASCADE,
  reported_by uuid NOT NULL REFERENCES profiles (id),
  good integer NOT NULL CHECK (good >= 0),
  scrap integer NOT NULL CHECK (scrap >= 0),
  rework integer NOT NULL CHECK (rework >= 0),
  produced integer NOT NULL CHECK (produced >= 0),
  reported_at timestamptz NOT NULL DEFAULT now(),
  terminal_id uuid REFERENCES terminals (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT operation_quantities_produced_sum CHECK (produced = good + scrap + rework)
);
CREATE INDEX idx_operation_quantities_operation ON operation_quantities (operation_id);

CREATE TABLE operation_scrap_lines (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  quantity_id uuid NOT NULL REFERENCES operation_quantities (id) ON DELETE CASCADE,
  reason_id uuid NOT NULL REFERENCES scrap_reasons (id),
  quantity integer NOT NULL CHECK (quantity > 0),
  UNIQUE (quantity_id, reason_id)
);
