// Loads a cell's custom-field definitions for a phase and validates captured values against them
// (rules in shared/domain/custom-fields.ts), refusing with the field's path and reason.
import type Database from 'better-sqlite3';
import { checkCustomFields, type CustomFieldDef, type FieldValue } from '../../../shared/domain/custom-fields';
import { CustomFieldType } from '../../../shared/domain/enums';
import { refuse } from '../errors';
import { sql } from '../store/statements';

interface DefRow {
  key: string;
  label: string;
  field_type: string;
  required: number;
  options: string | null;
  min_value: number | null;
  max_value: number | null;
}

function parseOptions(raw: string | null): string[] {
  if (!raw) return [];
  try {
    const v: unknown = JSON.parse(raw);
    return Array.isArray(v) ? v.map(String) : [];
  } catch {
    return raw.split(',').map((s) => s.trim()).filter(Boolean);
  }
}

export function customFieldDefs(db: Database.Database, cellId: string, phase: 'start' | 'complete'): CustomFieldDef[] {
  const rows = sql(
    db,
    'SELECT key, label, field_type, required, options, min_value, max_value FROM cell_custom_fields WHERE cell_id = ? AND phase = ? AND deleted_at IS NULL ORDER BY sort_order, key',
  ).all(cellId, phase) as DefRow[];
  return rows.map((r) => ({
    key: r.key,
    label: r.label,
    // An unknown type from a newer central is treated as text rather than crashing the terminal.
    field_type: CustomFieldType.safeParse(r.field_type).success ? (r.field_type as CustomFieldDef['field_type']) : 'text',
    required: r.required === 1,
    options: parseOptions(r.options),
    min_value: r.min_value,
    max_value: r.max_value,
  }));
}

export function requireValidCustomFields(db: Database.Database, cellId: string, phase: 'start' | 'complete', values: Record<string, FieldValue>, enforceRequired: boolean): void {
  const defs = customFieldDefs(db, cellId, phase).map((d) => (enforceRequired ? d : { ...d, required: false }));
  const r = checkCustomFields(defs, values);
  if (!r.ok) refuse('validation', r.message, r.field);
}
