// Builds one valid row per table for a given tenant, from the catalog alone, so the tenant-isolation
// test covers every tenant table (including ones added later) without a hand-written fixture.
// NOT NULL foreign keys are satisfied by rows of the same tenant, built recursively; enum columns
// take their first label; CHECK ... IN lists take their first value. Columns whose CHECK cannot be
// inferred that way get an entry in COLUMN_OVERRIDES.
import { randomUUID } from 'node:crypto';
import type pg from 'pg';

interface Column {
  name: string;
  nullable: boolean;
  hasDefault: boolean;
  dataType: string;
  udt: string;
}
interface ForeignKey {
  column: string;
  refTable: string;
  refColumn: string;
}

/** Values for columns whose constraints the generic rules cannot satisfy (table.column). */
const COLUMN_OVERRIDES: Record<string, unknown> = {
  'operation_quantities.good': 0,
  'operation_quantities.scrap': 1,
  'operation_quantities.rework': 0,
  'operation_quantities.produced': 1,
  'operation_scrap_lines.quantity': 1,
};

export class TenantRowFactory {
  private columns = new Map<string, Column[]>();
  private fks = new Map<string, ForeignKey[]>();
  private checks = new Map<string, string[]>();
  private checkNames = new Map<string, string>();
  private enums = new Map<string, string[]>();
  private made = new Map<string, string>();

  constructor(private readonly client: pg.ClientBase) {}

  async load(): Promise<void> {
    const cols = await this.client.query<{ table_name: string; column_name: string; is_nullable: string; column_default: string | null; data_type: string; udt_name: string; is_identity: string }>(
      "SELECT table_name, column_name, is_nullable, column_default, data_type, udt_name, is_identity FROM information_schema.columns WHERE table_schema = 'public' ORDER BY ordinal_position",
    );
    for (const c of cols.rows) {
      const list = this.columns.get(c.table_name) ?? [];
      list.push({
        name: c.column_name,
        nullable: c.is_nullable === 'YES',
        hasDefault: c.column_default !== null || c.is_identity === 'YES',
        dataType: c.data_type,
        udt: c.udt_name,
      });
      this.columns.set(c.table_name, list);
    }
    const fks = await this.client.query<{ tbl: string; col: string; ref: string; refcol: string }>(`
      SELECT cl.relname AS tbl, a.attname AS col, rc.relname AS ref, ra.attname AS refcol
      FROM pg_constraint k
      JOIN pg_class cl ON cl.oid = k.conrelid JOIN pg_namespace n ON n.oid = cl.relnamespace
      JOIN pg_class rc ON rc.oid = k.confrelid
      JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1]
      JOIN pg_attribute ra ON ra.attrelid = k.confrelid AND ra.attnum = k.confkey[1]
      WHERE k.contype = 'f' AND n.nspname = 'public' AND array_length(k.conkey, 1) = 1`);
    for (const f of fks.rows) {
      const list = this.fks.get(f.tbl) ?? [];
      list.push({ column: f.col, refTable: f.ref, refColumn: f.refcol });
      this.fks.set(f.tbl, list);
    }
    const checks = await this.client.query<{ tbl: string; name: string; def: string }>(`
      SELECT cl.relname AS tbl, k.conname AS name, pg_get_constraintdef(k.oid) AS def
      FROM pg_constraint k JOIN pg_class cl ON cl.oid = k.conrelid JOIN pg_namespace n ON n.oid = cl.relnamespace
      WHERE k.contype = 'c' AND n.nspname = 'public'`);
    for (const c of checks.rows) {
      this.checks.set(c.tbl, [...(this.checks.get(c.tbl) ?? []), c.def]);
      this.checkNames.set(`${c.tbl}.${c.name}`, c.def);
    }
    const enums = await this.client.query<{ typname: string; labels: string[] }>(
      'SELECT t.typname, array_agg(e.enumlabel ORDER BY e.enumsortorder)::text[] AS labels FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY t.typname',
    );
    for (const e of enums.rows) this.enums.set(e.typname, e.labels);
  }

  /** Tables in `public` that have a tenant_id column. */
  tenantTables(): string[] {
    return [...this.columns.entries()].filter(([, cols]) => cols.some((c) => c.name === 'tenant_id')).map(([t]) => t).sort();
  }

  /** The id of a row of `table` owned by `tenantId`, created on first request. */
  async row(table: string, tenantId: string, tag: string): Promise<string> {
    const memo = `${table}:${tenantId}`;
    const have = this.made.get(memo);
    if (have) return have;
    if (table === 'tenants') return tenantId;
    const cols = this.columns.get(table);
    if (!cols) throw new Error(`no table ${table}`);
    const fks = this.fks.get(table) ?? [];
    const values: Record<string, unknown> = {};
    for (const col of cols) {
      const override = COLUMN_OVERRIDES[`${table}.${col.name}`];
      if (override !== undefined) {
        values[col.name] = override;
        continue;
      }
      if (col.name === 'tenant_id') {
        values[col.name] = tenantId;
        continue;
      }
      const fk = fks.find((f) => f.column === col.name);
      if (fk) {
        if (!col.nullable && fk.refTable !== table) values[col.name] = await this.row(fk.refTable, tenantId, tag);
        continue;
      }
      if (col.nullable || col.hasDefault) continue;
      values[col.name] = this.valueFor(table, col, tag);
    }
    const inserted = await this.insert(table, values);
    // Tables keyed by something other than `id` still get a stable handle for memoisation.
    const id = String(inserted.id ?? JSON.stringify(inserted));
    this.made.set(memo, id);
    return id;
  }

  /**
   * Inserts the row; when a CHECK refuses a generic 0 (e.g. `seq > 0`), the numbers that the
   * constraint names are raised to 1 and the insert is retried.
   */
  private async insert(table: string, values: Record<string, unknown>): Promise<Record<string, unknown>> {
    for (let attempt = 0; ; attempt++) {
      const names = Object.keys(values);
      const sql = `INSERT INTO ${quote(table)} (${names.map(quote).join(', ')}) VALUES (${names.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING *`;
      try {
        return (await this.client.query<Record<string, unknown>>(sql, Object.values(values))).rows[0]!;
      } catch (err) {
        const e = err as { code?: string; constraint?: string; message: string };
        const def = e.code === '23514' && e.constraint ? this.checkDef(table, e.constraint) : undefined;
        const bump = def ? names.filter((n) => values[n] === 0 && new RegExp(`\\b${n}\\b`).test(def)) : [];
        if (attempt < 5 && bump.length > 0) {
          for (const n of bump) values[n] = 1;
          continue;
        }
        throw new Error(`cannot build a test row for ${table} (add a COLUMN_OVERRIDES entry): ${e.message}`, { cause: err });
      }
    }
  }

  private checkDef(table: string, constraint: string): string | undefined {
    return this.checkNames.get(`${table}.${constraint}`);
  }

  private valueFor(table: string, col: Column, tag: string): unknown {
    if (col.dataType === 'USER-DEFINED') {
      const labels = this.enums.get(col.udt);
      if (labels?.[0]) return labels[0];
    }
    const listed = this.checkListValue(table, col.name);
    if (listed !== undefined) return listed;
    switch (col.udt) {
      case 'uuid':
        return randomUUID();
      case 'int2':
      case 'int4':
      case 'int8':
      case 'numeric':
      case 'float4':
      case 'float8':
        return 0;
      case 'xid8':
      case 'xid':
        return '1'; // stamped by a trigger in practice; any valid value passes NOT NULL first
      case 'bool':
        return false;
      case 'time':
        return '00:00';
      case 'interval':
        return '0';
      case 'timestamptz':
      case 'timestamp':
      case 'date':
        return new Date().toISOString();
      case 'jsonb':
      case 'json':
        return {};
      case 'bytea':
        return Buffer.alloc(0);
      default:
        if (col.dataType === 'ARRAY') return [];
        // 64 hex-and-identifier-safe chars: satisfies sha256 and key patterns, and differs per tenant.
        return tag.repeat(64).slice(0, 64);
    }
  }

  private checkListValue(table: string, column: string): string | undefined {
    for (const def of this.checks.get(table) ?? []) {
      const m = new RegExp(`\\(?${column}\\s*=\\s*ANY\\s*\\(\\s*(?:\\(\\s*)?ARRAY\\['([^']*)'`).exec(def);
      if (m) return m[1];
    }
    return undefined;
  }
}

export function quote(ident: string): string {
  return `"${ident.replaceAll('"', '""')}"`;
}
