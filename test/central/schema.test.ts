// The central schema after migration: the seed tables keep the Eryxon/Kartorium names, columns and
// enum values (checked through information_schema), the terminal's additions exist, and the seed
// functions and constraints behave as documented.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AvailabilityMode,
  AppRole,
  AutoCloseCause,
  CustomFieldPhase,
  CustomFieldType,
  DowntimeGroupType,
  DowntimeSource,
  IssueSeverity,
  IssueStatus,
  IssueType,
  JobStatus,
  TaskStatus,
} from '../../shared/domain/enums';
import { createTestDatabase, type TestDatabase } from '../support/postgres';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

const EXPECTED_COLUMNS: Record<string, string[]> = {
  tenants: ['id', 'name', 'company_name', 'plan', 'status', 'max_jobs', 'max_parts_per_month', 'current_jobs', 'current_parts_this_month', 'demo_mode_enabled', 'timezone', 'factory_opening_time', 'factory_closing_time'],
  profiles: ['id', 'tenant_id', 'email', 'username', 'full_name', 'role', 'active', 'employee_id', 'pin_hash', 'has_email_login', 'is_machine', 'is_root_admin', 'onboarding_completed', 'lockout_cleared_at', 'deleted_at', 'deleted_by'],
  cells: ['id', 'tenant_id', 'name', 'description', 'sequence', 'color', 'icon_name', 'image_url', 'active', 'wip_limit', 'wip_warning_threshold', 'enforce_wip_limit', 'show_capacity_warning', 'capacity_hours_per_day', 'external_id', 'external_source', 'synced_at', 'deleted_at', 'deleted_by'],
  jobs: ['id', 'tenant_id', 'job_number', 'customer', 'status', 'due_date', 'due_date_override', 'current_cell_id', 'notes', 'metadata', 'external_id', 'external_source', 'sync_hash', 'synced_at', 'created_at', 'deleted_at', 'deleted_by'],
  parts: ['id', 'tenant_id', 'job_id', 'part_number', 'material', 'quantity', 'status', 'current_cell_id', 'drawing_no', 'cnc_program_name', 'parent_part_id', 'length_mm', 'width_mm', 'height_mm', 'weight_kg', 'material_lot', 'material_supplier', 'material_cert_number', 'image_paths', 'file_paths', 'is_bullet_card', 'external_id', 'external_source', 'sync_hash', 'synced_at', 'deleted_at', 'deleted_by'],
  operations: ['id', 'tenant_id', 'part_id', 'cell_id', 'operation_name', 'sequence', 'status', 'estimated_time', 'actual_time', 'setup_time', 'run_time_per_unit', 'changeover_time', 'wait_time', 'planned_start', 'planned_end', 'completed_at', 'completion_percentage', 'assigned_operator_id', 'icon_name', 'external_id', 'external_source', 'synced_at', 'deleted_at', 'deleted_by'],
  resources: ['id', 'tenant_id', 'name', 'type', 'identifier', 'description', 'location', 'status', 'active', 'metadata', 'external_id', 'external_source', 'synced_at', 'deleted_at', 'deleted_by', 'cell_id', 'ideal_cycle_time_s'],
  operation_resources: ['id', 'operation_id', 'resource_id', 'quantity', 'notes'],
  time_entries: ['id', 'tenant_id', 'operation_id', 'operator_id', 'start_time', 'end_time', 'duration', 'time_type', 'notes', 'is_paused', 'created_at', 'terminal_id', 'needs_review', 'auto_close_cause'],
  issues: ['id', 'tenant_id', 'operation_id', 'created_by', 'title', 'description', 'severity', 'status', 'reviewed_by', 'reviewed_at', 'resolution_notes', 'image_paths', 'created_at', 'issue_type', 'category_id', 'affected_quantity', 'causes_standstill'],
  sync_imports: ['id', 'tenant_id', 'source', 'entity_type', 'status', 'total_records', 'created_count', 'updated_count', 'skipped_count', 'error_count', 'errors', 'file_name', 'started_at', 'completed_at', 'created_by'],
  api_keys: ['id', 'tenant_id', 'name', 'key_hash', 'key_prefix', 'active', 'created_by', 'last_used_at', 'profile_id'],
  webhooks: ['id', 'tenant_id', 'url', 'secret_key', 'events', 'active'],
  webhook_deliveries: ['id', 'tenant_id', 'webhook_id', 'event_type', 'payload', 'status'],
  activity_log: ['id', 'tenant_id', 'user_id', 'action', 'entity_type', 'entity_id', 'entity_name', 'description', 'changes', 'metadata', 'created_at'],
  mqtt_publishers: ['id', 'tenant_id', 'name', 'broker_url', 'port', 'username', 'password', 'use_tls', 'topic_pattern', 'events', 'active', 'default_enterprise', 'default_site', 'default_area'],
  operation_quantities: ['id', 'tenant_id', 'operation_id', 'reported_by', 'good', 'scrap', 'rework', 'produced'],
  operation_scrap_lines: ['id', 'tenant_id', 'quantity_id', 'reason_id', 'quantity'],
  scrap_reasons: ['id', 'tenant_id', 'code', 'name', 'active', 'sort'],
  issue_categories: ['id', 'tenant_id', 'code', 'name', 'active', 'sort'],
  issue_attachments: ['id', 'tenant_id', 'issue_id', 'file_name', 'mime_type', 'size_bytes', 'sha256', 'data'],
  oee_downtime_groups: ['id', 'tenant_id', 'parent_group_id', 'type', 'code', 'name', 'active', 'sort'],
  oee_downtime_reasons: ['id', 'tenant_id', 'group_id', 'code', 'name', 'count_closes', 'active', 'sort'],
  oee_machine_events: ['id', 'tenant_id', 'event_type', 'cell_id', 'resource_id', 'started_at', 'ended_at', 'reason_id', 'source', 'micro_stop', 'split_parent_id'],
  cycle_counts: ['id', 'tenant_id', 'machine_profile_id', 'cell_id', 'resource_id', 'machine_seq', 'delta', 'counter', 'counter_reset', 'counted_at'],
  oee_station_custom_fields: ['id', 'tenant_id', 'cell_id', 'key', 'label', 'field_type', 'phase', 'required', 'options', 'min', 'max'],
  oee_batch_custom_field_values: ['id', 'tenant_id', 'cell_id', 'operation_id', 'key', 'value'],
  shift_notes: ['id', 'tenant_id', 'cell_id', 'author_id', 'text', 'created_at'],
  terminals: ['id', 'tenant_id', 'name', 'cell_ids', 'credential_prefix', 'credential_hash', 'enrolled_at', 'revoked_at', 'high_water_seq', 'app_version', 'queue_depth', 'oldest_pending_s', 'dead_letters', 'clock_skew_ms', 'last_seen_at', 'oee'],
  terminal_enrollment_codes: ['id', 'tenant_id', 'cell_ids', 'code_hash', 'terminal_name', 'expires_at', 'used_at', 'terminal_id'],
};

async function q<T extends Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
  return (await db.pool.query<T>(sql, params)).rows;
}

describe('central schema', () => {
  it('has every seed and addition table with its columns', async () => {
    const rows = await q<{ table_name: string; column_name: string }>(
      "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public'",
    );
    const have = new Map<string, Set<string>>();
    for (const r of rows) have.set(r.table_name, (have.get(r.table_name) ?? new Set()).add(r.column_name));
    const missing: string[] = [];
    for (const [table, cols] of Object.entries(EXPECTED_COLUMNS)) {
      if (!have.has(table)) missing.push(table);
      else for (const c of cols) if (!have.get(table)!.has(c)) missing.push(`${table}.${c}`);
    }
    expect(missing).toEqual([]);
  });

  it('keeps the seed enum values, matching shared/domain/enums.ts', async () => {
    const rows = await q<{ typname: string; labels: string[] }>(
      'SELECT t.typname, array_agg(e.enumlabel ORDER BY e.enumsortorder)::text[] AS labels FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY t.typname',
    );
    const enums = Object.fromEntries(rows.map((r) => [r.typname, r.labels]));
    expect(enums.task_status).toEqual([...TaskStatus.options]);
    expect(enums.job_status).toEqual([...JobStatus.options]);
    expect(enums.issue_status).toEqual([...IssueStatus.options]);
    expect(enums.issue_severity).toEqual([...IssueSeverity.options]);
    expect(new Set(enums.app_role)).toEqual(new Set(AppRole.options));
    expect(enums.app_role!.slice(0, 2)).toEqual(['operator', 'admin']); // seed order kept
    expect(enums.subscription_plan).toEqual(['free', 'pro', 'premium', 'enterprise']);
    expect(enums.subscription_status).toEqual(['active', 'cancelled', 'suspended', 'trial']);
  });

  it('text columns with a fixed vocabulary allow exactly the values of shared/domain/enums.ts', async () => {
    const rows = await q<{ tbl: string; def: string }>(
      "SELECT c.relname AS tbl, pg_get_constraintdef(k.oid) AS def FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid WHERE k.contype = 'c' AND c.relnamespace = 'public'::regnamespace",
    );
    const allowed = (table: string, column: string): string[] => {
      const re = new RegExp(`\\(${column} = ANY \\(ARRAY\\[([^\\]]+)\\]`);
      for (const r of rows.filter((x) => x.tbl === table)) {
        const m = re.exec(r.def);
        if (m) return [...m[1]!.matchAll(/'([^']*)'/g)].map((x) => x[1]!);
      }
      throw new Error(`no CHECK list on ${table}.${column}`);
    };
    expect(allowed('oee_downtime_groups', 'type')).toEqual([...DowntimeGroupType.options]);
    expect(allowed('oee_machine_events', 'source')).toEqual([...DowntimeSource.options]);
    expect(allowed('issues', 'issue_type')).toEqual([...IssueType.options]);
    expect(allowed('time_entries', 'auto_close_cause')).toEqual([...AutoCloseCause.options]);
    expect(allowed('oee_station_custom_fields', 'field_type')).toEqual([...CustomFieldType.options]);
    expect(allowed('oee_station_custom_fields', 'phase')).toEqual([...CustomFieldPhase.options]);
    expect(allowed('oee_sites', 'availability_mode')).toEqual([...AvailabilityMode.options]);
  });

  it('points every person reference at profiles (no second operators table)', async () => {
    const rows = await q<{ ref: string }>(
      `SELECT c.relname || '.' || a.attname || ' -> ' || rc.relname AS ref
         FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class rc ON rc.oid = k.confrelid
         JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1]
        WHERE k.contype = 'f' AND c.relnamespace = 'public'::regnamespace`,
    );
    const refs = new Set(rows.map((r) => r.ref));
    for (const ref of [
      'time_entries.operator_id', 'issues.created_by', 'issues.reviewed_by', 'operation_quantities.reported_by',
      'oee_machine_events.created_by', 'oee_machine_events.categorised_by', 'cycle_counts.machine_profile_id',
      'shift_notes.author_id', 'oee_batch_custom_field_values.captured_by', 'operations.assigned_operator_id', 'api_keys.profile_id',
    ]) {
      expect(refs, ref).toContain(`${ref} -> profiles`);
    }
    const tables = await q<{ table_name: string }>("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name ~ 'operator'");
    expect(tables).toEqual([]);
  });

  it('has the seed partial unique indexes for ERP sync', async () => {
    const rows = await q<{ indexname: string; indexdef: string }>("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'");
    const defs = Object.fromEntries(rows.map((r) => [r.indexname, r.indexdef]));
    for (const t of ['jobs', 'parts', 'operations']) {
      expect(defs[`idx_${t}_external_sync`]).toMatch(/UNIQUE INDEX .*\(tenant_id, external_source, external_id\) WHERE \(external_id IS NOT NULL\)/);
      expect(defs[`idx_${t}_active`]).toMatch(/WHERE \(deleted_at IS NULL\)/);
    }
  });

  it('creates the Supabase roles and auth.uid() reading request.jwt.claims', async () => {
    const roles = await q<{ rolname: string }>("SELECT rolname FROM pg_roles WHERE rolname IN ('anon', 'authenticated', 'service_role') ORDER BY 1");
    expect(roles.map((r) => r.rolname)).toEqual(['anon', 'authenticated', 'service_role']);
    const c = await db.pool.connect();
    try {
      const sub = randomUUID();
      await c.query('BEGIN');
      await c.query("SELECT set_config('request.jwt.claims', $1, true)", [JSON.stringify({ sub, role: 'authenticated' })]);
      const { rows } = await c.query<{ uid: string; role: string }>("SELECT auth.uid() AS uid, auth.jwt() ->> 'role' AS role");
      expect(rows[0]).toEqual({ uid: sub, role: 'authenticated' });
      await c.query('ROLLBACK');
    } finally {
      c.release();
    }
  });

  describe('functions and constraints', () => {
    const tenant = randomUUID();
    const cell = randomUUID();
    const op = randomUUID();
    const user = randomUUID();
    beforeAll(async () => {
      await db.pool.query("INSERT INTO tenants (id, name) VALUES ($1, 'T')", [tenant]);
      await db.pool.query("INSERT INTO profiles (id, tenant_id, full_name, role, employee_id) VALUES ($1, $2, 'Ann', 'supervisor', 'E1')", [user, tenant]);
      await db.pool.query("INSERT INTO cells (id, tenant_id, name) VALUES ($1, $2, 'Laser')", [cell, tenant]);
      const job = randomUUID();
      const part = randomUUID();
      await db.pool.query("INSERT INTO jobs (id, tenant_id, job_number) VALUES ($1, $2, 'J1')", [job, tenant]);
      await db.pool.query("INSERT INTO parts (id, tenant_id, job_id, part_number) VALUES ($1, $2, $3, 'P1')", [part, tenant, job]);
      await db.pool.query(
        "INSERT INTO operations (id, tenant_id, part_id, cell_id, operation_name, status) VALUES ($1, $2, $3, $4, 'cut', 'in_progress'), (gen_random_uuid(), $2, $3, $4, 'bend', 'not_started')",
        [op, tenant, part, cell],
      );
    });

    it('get_cell_wip_count counts operations in progress at the cell', async () => {
      const [r] = await q<{ n: number }>('SELECT get_cell_wip_count($1, $2) AS n', [cell, tenant]);
      expect(r!.n).toBe(1);
      const [other] = await q<{ n: number }>('SELECT get_cell_wip_count($1, $2) AS n', [cell, randomUUID()]);
      expect(other!.n).toBe(0);
    });

    it('generate_sync_hash is an md5 that ignores key order and sees value changes', async () => {
      const [r] = await q<{ a: string; b: string; c: string }>(
        `SELECT generate_sync_hash('{"job_number": "J001", "customer": "ACME"}') AS a,
                generate_sync_hash('{"customer": "ACME", "job_number": "J001"}') AS b,
                generate_sync_hash('{"customer": "ACME2", "job_number": "J001"}') AS c`,
      );
      expect(r!.a).toMatch(/^[0-9a-f]{32}$/);
      expect(r!.a).toBe(r!.b);
      expect(r!.c).not.toBe(r!.a);
    });

    it('get_user_tenant_id and get_user_role read the profile of auth.uid()', async () => {
      const c = await db.pool.connect();
      try {
        await c.query('BEGIN');
        await c.query("SELECT set_config('request.jwt.claims', $1, true)", [JSON.stringify({ sub: user })]);
        await c.query('SET LOCAL ROLE authenticated');
        const { rows } = await c.query<{ t: string; r: string }>('SELECT get_user_tenant_id() AS t, get_user_role()::text AS r');
        expect(rows[0]).toEqual({ t: tenant, r: 'supervisor' });
        await c.query('ROLLBACK');
      } finally {
        c.release();
      }
    });

    it('log_activity_and_webhook logs the activity and queues deliveries only for matching active webhooks', async () => {
      await db.pool.query(
        `INSERT INTO webhooks (tenant_id, url, secret_key, events, active) VALUES
          ($1, 'https://a.example/hook', 's1', '{job.created,job.updated}', true),
          ($1, 'https://b.example/hook', 's2', '{job.created}', false),
          ($1, 'https://c.example/hook', 's3', '{part.created}', true)`,
        [tenant],
      );
      const [r] = await q<{ id: string }>(
        "SELECT log_activity_and_webhook($1, $2, 'create', 'job', $3, 'J1', 'created J1', '{\"customer\": \"ACME\"}', '{\"via\": \"test\"}') AS id",
        [tenant, user, op],
      );
      const [log] = await q<Record<string, unknown>>('SELECT tenant_id, user_id, action, entity_type, entity_name, changes, metadata FROM activity_log WHERE id = $1', [r!.id]);
      expect(log).toEqual({ tenant_id: tenant, user_id: user, action: 'create', entity_type: 'job', entity_name: 'J1', changes: { customer: 'ACME' }, metadata: { via: 'test' } });
      const deliveries = await q<{ url: string; event_type: string; status: string }>(
        'SELECT w.url, d.event_type, d.status FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id',
      );
      expect(deliveries).toEqual([{ url: 'https://a.example/hook', event_type: 'job.created', status: 'pending' }]);
    });

    it('operation_quantities enforces produced = good + scrap + rework', async () => {
      const insert = (good: number, scrap: number, rework: number, produced: number) =>
        db.pool.query('INSERT INTO operation_quantities (tenant_id, operation_id, reported_by, good, scrap, rework, produced) VALUES ($1, $2, $3, $4, $5, $6, $7)', [tenant, op, user, good, scrap, rework, produced]);
      await insert(8, 1, 1, 10);
      await expect(insert(8, 1, 1, 11)).rejects.toThrow(/operation_quantities_produced_sum/);
      await expect(insert(-1, 1, 0, 0)).rejects.toThrow(/check constraint/);
    });

    it('caps the top level of the downtime tree at 8 active groups', async () => {
      for (let i = 0; i < 8; i++) {
        await db.pool.query("INSERT INTO oee_downtime_groups (tenant_id, type, code, name) VALUES ($1, 'unplanned', $2, $2)", [tenant, `G${i}`]);
      }
      await expect(
        db.pool.query("INSERT INTO oee_downtime_groups (tenant_id, type, code, name) VALUES ($1, 'planned', 'G9', 'G9')", [tenant]),
      ).rejects.toThrow(/at most 8/);
      // Sub-groups are not capped.
      const [top] = await q<{ id: string }>("SELECT id FROM oee_downtime_groups WHERE tenant_id = $1 AND code = 'G0'", [tenant]);
      await db.pool.query("INSERT INTO oee_downtime_groups (tenant_id, parent_group_id, type, code, name) VALUES ($1, $2, 'unplanned', 'G0a', 'sub')", [tenant, top!.id]);
      await expect(
        db.pool.query("INSERT INTO oee_downtime_groups (tenant_id, parent_group_id, type, code, name) VALUES ($1, $2, 'sometimes', 'GX', 'GX')", [tenant, top!.id]),
      ).rejects.toThrow(/check constraint/);
    });

    it('cycle_counts de-duplicates by (machine profile, machine_seq)', async () => {
      const machine = randomUUID();
      await db.pool.query("INSERT INTO profiles (id, tenant_id, full_name, is_machine) VALUES ($1, $2, 'Laser 1', true)", [machine, tenant]);
      const post = () =>
        db.pool.query('INSERT INTO cycle_counts (tenant_id, machine_profile_id, cell_id, machine_seq, delta, counted_at) VALUES ($1, $2, $3, 7, 3, now())', [tenant, machine, cell]);
      await post();
      await expect(post()).rejects.toThrow(/duplicate key/);
    });

    it('refuses a duplicate employee id within a tenant', async () => {
      await expect(
        db.pool.query("INSERT INTO profiles (tenant_id, full_name, employee_id) VALUES ($1, 'Other', 'E1')", [tenant]),
      ).rejects.toThrow(/idx_profiles_employee_id/);
    });
  });
});
