// Good / scrap / rework with scrap reasons, validated as the operator types with the contract's
// QuantityInput schema (produced = good + scrap + rework is derived, never typed). The values
// live in the drafts store, so a lock or a refused command keeps them.
import { QuantityInput } from '../../../shared/contract/core-commands';
import type { CommandError } from '../../../shared/contract';
import { useT } from '../i18n/i18n';
import { useDraft, type Draft } from '../stores/drafts-store';
import { useQuery } from '../stores/query-store';
import { Field } from '../components/Field';
import { TouchButton } from '../components/TouchButton';
import { describeError, fieldErrors, numberOrUndefined } from './errors';

export interface ScrapLineDraft {
  reason_id: string;
  quantity: string;
}

/** The draft as the contract's input (numbers parsed; '' stays undefined so "required" shows). */
export function quantitiesFromDraft(d: Draft) {
  const lines = parseLines(d.scrap_lines);
  return {
    good: numberOrUndefined(d.good ?? '0'),
    scrap: numberOrUndefined(d.scrap ?? '0'),
    rework: numberOrUndefined(d.rework ?? '0'),
    scrap_reasons: lines.map((l) => ({ reason_id: l.reason_id, quantity: numberOrUndefined(l.quantity) })),
  };
}

function parseLines(s: string | undefined): ScrapLineDraft[] {
  if (!s) return [];
  try {
    const v = JSON.parse(s) as unknown;
    return Array.isArray(v) ? (v as ScrapLineDraft[]) : [];
  } catch {
    return [];
  }
}

export function quantityErrors(t: ReturnType<typeof useT>, d: Draft): Record<string, string> {
  const v = quantitiesFromDraft(d);
  const errs = fieldErrors(t, QuantityInput, v);
  const scrap = v.scrap ?? 0;
  const sum = v.scrap_reasons.reduce((s, l) => s + (l.quantity ?? 0), 0);
  if (sum > scrap) errs.scrap_reasons ??= t('quantities.reasons_exceed', { sum, scrap });
  if (scrap > 0 && v.scrap_reasons.length === 0) errs.scrap_reasons ??= t('quantities.reason_needed');
  return errs;
}

export function QuantitiesForm(p: { formId: string; serverError?: CommandError | null }) {
  const t = useT();
  const [d, setField] = useDraft(p.formId);
  const refs = useQuery('reference.lists', {}, ['reference']);
  const lines = parseLines(d.scrap_lines);
  const errs = quantityErrors(t, d);
  const v = quantitiesFromDraft(d);
  const produced = (v.good ?? 0) + (v.scrap ?? 0) + (v.rework ?? 0);
  const setLines = (next: ScrapLineDraft[]) => setField('scrap_lines', JSON.stringify(next));
  const fieldErr = (f: string) => errs[f] ?? (p.serverError?.field === f ? p.serverError.message : null);
  return (
    <div className="col" data-testid={`${p.formId}-quantities`}>
      <div className="row" style={{ alignItems: 'flex-start' }}>
        <Field label={t('quantities.good')} kind="number" value={d.good ?? ''} onChange={(x) => setField('good', x)} error={fieldErr('good')} testId="qty-good" />
        <Field label={t('quantities.scrap')} kind="number" value={d.scrap ?? ''} onChange={(x) => setField('scrap', x)} error={fieldErr('scrap')} testId="qty-scrap" />
        <Field label={t('quantities.rework')} kind="number" value={d.rework ?? ''} onChange={(x) => setField('rework', x)} error={fieldErr('rework')} testId="qty-rework" />
        <div className="col">
          <span className="muted">{t('quantities.produced')}</span>
          <span className="figure" data-testid="qty-produced">
            {produced}
          </span>
        </div>
      </div>
      {(v.scrap ?? 0) > 0 ? (
        <div className="col panel">
          <h3>{t('quantities.scrap_reasons')}</h3>
          <div className="tiles">
            {(refs.data?.scrap_reasons ?? []).map((r) => {
              const idx = lines.findIndex((l) => l.reason_id === r.id);
              return (
                <TouchButton
                  key={r.id}
                  variant="tile"
                  selected={idx >= 0}
                  testId={`scrap-reason-${r.code}`}
                  onPress={() => setLines(idx >= 0 ? lines.filter((l) => l.reason_id !== r.id) : [...lines, { reason_id: r.id, quantity: lines.length === 0 ? String(v.scrap ?? '') : '' }])}
                >
                  {r.name}
                </TouchButton>
              );
            })}
          </div>
          {lines.map((l, i) => {
            const name = refs.data?.scrap_reasons.find((r) => r.id === l.reason_id)?.name ?? l.reason_id;
            return (
              <Field
                key={l.reason_id}
                kind="number"
                label={t('quantities.reason_qty', { reason: name })}
                value={l.quantity}
                onChange={(x) => setLines(lines.map((m, j) => (j === i ? { ...m, quantity: x } : m)))}
                error={errs[`scrap_reasons.${i}.quantity`] ?? null}
                testId={`scrap-qty-${i}`}
              />
            );
          })}
          {errs.scrap_reasons ? (
            <div className="field-error" role="alert">
              {errs.scrap_reasons}
            </div>
          ) : null}
        </div>
      ) : null}
      {p.serverError && !p.serverError.field ? (
        <div className="error-text" role="alert" data-testid="form-error">
          {describeError(t, p.serverError)}
        </div>
      ) : null}
    </div>
  );
}
