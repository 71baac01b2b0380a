// The cell's custom fields for a phase (start or complete), e.g. a material lot at start. The
// definitions come from 'custom_fields.list'; values are checked here as typed (required, number
// range, select options) and again by the core, which owns the rule.
import type { OutputOf, Queries } from '../../../shared/contract';
import type { CustomFieldPhase } from '../../../shared/domain/enums';
import { useT, type Translate } from '../i18n/i18n';
import { useQuery } from '../stores/query-store';
import { useDraft, type Draft } from '../stores/drafts-store';
import { Field } from '../components/Field';
import { TouchButton } from '../components/TouchButton';

export type CustomFieldDef = OutputOf<Queries['custom_fields.list']>['fields'][number];

export function useCustomFields(cellId: string | undefined, phase: CustomFieldPhase) {
  const q = useQuery('custom_fields.list', { cell_id: cellId ?? '', phase }, ['reference'], !!cellId);
  return { fields: q.data?.fields ?? [], loading: q.loading && !q.data };
}

/** The draft's values as the contract's CustomFieldValues (empty optional fields left out). */
export function customValues(defs: CustomFieldDef[], d: Draft): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const f of defs) {
    const raw = d[`cf_${f.key}`];
    if (raw === undefined || raw === '') continue;
    out[f.key] = f.field_type === 'number' ? Number(raw) : f.field_type === 'boolean' ? raw === 'true' : raw;
  }
  return out;
}

export function customErrors(t: Translate, defs: CustomFieldDef[], d: Draft): Record<string, string> {
  const errs: Record<string, string> = {};
  for (const f of defs) {
    const raw = d[`cf_${f.key}`] ?? '';
    if (raw === '') {
      if (f.required) errs[f.key] = t('validation.required');
      continue;
    }
    if (f.field_type === 'number') {
      const n = Number(raw);
      if (!Number.isFinite(n)) errs[f.key] = t('validation.number');
      else if (f.min_value !== null && n < f.min_value) errs[f.key] = t('validation.too_small', { min: f.min_value });
      else if (f.max_value !== null && n > f.max_value) errs[f.key] = t('validation.too_big', { max: f.max_value });
    }
    if (f.field_type === 'select' && !f.options.includes(raw)) errs[f.key] = t('validation.invalid');
  }
  return errs;
}

export function CustomFieldsForm(p: { formId: string; defs: CustomFieldDef[]; showErrors: boolean; serverField?: string | null; serverMessage?: string | null }) {
  const t = useT();
  const [d, setField] = useDraft(p.formId);
  const errs = customErrors(t, p.defs, d);
  if (p.defs.length === 0) return null;
  return (
    <div className="col" data-testid={`${p.formId}-custom`}>
      {p.defs.map((f) => {
        const key = `cf_${f.key}`;
        const error = (p.showErrors || d[key] !== undefined ? errs[f.key] : null) ?? (p.serverField === `custom_fields.${f.key}` ? (p.serverMessage ?? null) : null);
        const label = f.required ? `${f.label} *` : f.label;
        if (f.field_type === 'select' || f.field_type === 'boolean') {
          const options = f.field_type === 'boolean' ? ['true', 'false'] : f.options;
          return (
            <div key={f.key} className="col" role="group" aria-label={f.label}>
              <strong>{label}</strong>
              <div className="row">
                {options.map((o) => (
                  <TouchButton key={o} selected={d[key] === o} onPress={() => setField(key, o)} testId={`cf-${f.key}-${o}`}>
                    {f.field_type === 'boolean' ? t(o === 'true' ? 'common.yes' : 'common.no') : o}
                  </TouchButton>
                ))}
              </div>
              {error ? <div className="field-error">{error}</div> : null}
            </div>
          );
        }
        return <Field key={f.key} label={label} kind={f.field_type === 'number' ? 'number' : 'text'} value={d[key] ?? ''} onChange={(v) => setField(key, v)} error={error} testId={`cf-${f.key}`} />;
      })}
    </div>
  );
}
