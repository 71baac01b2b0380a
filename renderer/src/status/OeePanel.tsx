// Live OEE of the shown cell for the current shift: availability, performance, quality and OEE as
// the machine module computes them ('oee.live'); re-read when counts or stops change.
import type { OutputOf, Queries } from '../../../shared/contract';
import { useT } from '../i18n/i18n';
import { useQuery } from '../stores/query-store';

type Snapshot = OutputOf<Queries['oee.live']>['cells'][number];

function pct(v: number | null): string {
  return v === null ? '—' : `${Math.round(v * 100)}%`;
}

export function OeeFigures({ s }: { s: Snapshot }) {
  const t = useT();
  return (
    <div className="row oee" data-testid="oee" aria-label={t('oee.label')} role="group">
      <span className="chip">{t('oee.availability')} {pct(s.availability)}</span>
      <span className="chip">{t('oee.performance')} {pct(s.performance)}</span>
      <span className="chip">{t('oee.quality')} {pct(s.quality)}</span>
      <span className="chip oee-total" data-testid="oee-total">
        {t('oee.oee')} {pct(s.oee)}
        {s.oee_target !== null ? ` / ${t('oee.target')} ${pct(s.oee_target)}` : ''}
      </span>
    </div>
  );
}

export function OeePanel({ cellId }: { cellId: string }) {
  const q = useQuery('oee.live', { cell_id: cellId }, ['oee', 'machine', 'downtime', 'queue']);
  const s = q.data?.cells.find((c) => c.cell_id === cellId);
  return s ? <OeeFigures s={s} /> : null;
}
