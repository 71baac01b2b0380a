// Per-cell custom fields (cell_custom_fields), validated on the terminal before a start or a
// completion is accepted: required, type, min/max and options. Unknown keys are refused too, so a
// typo never lands in the record silently.
import type { CustomFieldType } from './enums';

export interface CustomFieldDef {
  key: string;
  label: string;
  field_type: CustomFieldType;
  required: boolean;
  options: string[];
  min_value: number | null;
  max_value: number | null;
}

export type FieldValue = string | number | boolean;
export type FieldCheck = { ok: true } | { ok: false; field: string; message: string };

export function checkCustomFields(defs: readonly CustomFieldDef[], values: Record<string, FieldValue>, base = 'custom_fields'): FieldCheck {
  const byKey = new Map(defs.map((d) => [d.key, d]));
  for (const key of Object.keys(values)) {
    if (!byKey.has(key)) return { ok: false, field: `${base}.${key}`, message: `"${key}" is not a field of this cell at this step` };
  }
  for (const d of defs) {
    const v = values[d.key];
    const field = `${base}.${d.key}`;
    if (v === undefined || v === '') {
      if (d.required) return { ok: false, field, message: `${d.label} is required` };
      continue;
    }
    switch (d.field_type) {
      case 'number': {
        if (typeof v !== 'number' || !Number.isFinite(v)) return { ok: false, field, message: `${d.label} must be a number` };
        if (d.min_value !== null && v < d.min_value) return { ok: false, field, message: `${d.label} must be at least ${d.min_value}` };
        if (d.max_value !== null && v > d.max_value) return { ok: false, field, message: `${d.label} must be at most ${d.max_value}` };
        break;
      }
      case 'boolean':
        if (typeof v !== 'boolean') return { ok: false, field, message: `${d.label} must be yes or no` };
        break;
      case 'select':
        if (typeof v !== 'string' || !d.options.includes(v)) return { ok: false, field, message: `${d.label} must be one of: ${d.options.join(', ')}` };
        break;
      case 'text':
        if (typeof v !== 'string') return { ok: false, field, message: `${d.label} must be text` };
        if (d.min_value !== null && v.length < d.min_value) return { ok: false, field, message: `${d.label} needs at least ${d.min_value} characters` };
        if (d.max_value !== null && v.length > d.max_value) return { ok: false, field, message: `${d.label} allows at most ${d.max_value} characters` };
        break;
    }
  }
  return { ok: true };
}
