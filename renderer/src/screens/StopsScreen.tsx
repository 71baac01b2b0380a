// Supervisor view of stops: the unexplained ones first, each categorised with the reason picker or
// split in two (e.g. a setup that ran into a breakdown). The core decides who may change what;
// a refusal is shown with its reason.
import { useState } from 'react';
import type { CommandError, OutputOf, Queries } from '../../../shared/contract';
import { useLocale, useT } from '../i18n/i18n';
import { useQuery } from '../stores/query-store';
import { useUi } from '../stores/ui-store';
import { useNav } from '../stores/nav-store';
import { useDraft } from '../stores/drafts-store';
import { TouchButton } from '../components/TouchButton';
import { Field } from '../components/Field';
import { WhyField } from '../components/WhyField';
import { Modal } from '../components/Modal';
import { formatDateTime, formatDuration } from '../components/format';
import { describeError, numberOrUndefined } from '../forms/errors';
import { runCommand } from '../forms/run-command';
import { ReasonPicker } from './ReasonPicker';
import { DOWNTIME_AREAS } from './DowntimeScreen';

type Stop = OutputOf<Queries['downtime.list']>['stops'][number];

export function StopsScreen() {
  const t = useT();
  const locale = useLocale((s) => s.locale);
  const cellId = useUi((s) => s.cellId);
  const [onlyUnexplained, setOnly] = useState(true);
  const q = useQuery('downtime.list', { cell_id: cellId ?? undefined, unexplained_only: onlyUnexplained }, DOWNTIME_AREAS, cellId !== null);
  const [action, setAction] = useState<{ kind: 'categorise' | 'split'; stop: Stop } | null>(null);
  return (
    <main className="main col" data-testid="screen-stops" aria-labelledby="stops-title">
      <div className="row">
        <h1 id="stops-title" className="grow">
          {t('stops.title')}
        </h1>
        <TimersLink />
        <TouchButton selected={onlyUnexplained} onPress={() => setOnly(!onlyUnexplained)} testId="stops-filter">
          {t('stops.only_unexplained')}
        </TouchButton>
      </div>
      {q.data?.stops.length === 0 ? <p data-testid="stops-empty">{t('stops.none')}</p> : null}
      {q.data?.stops.map((s) => (
        <div key={s.downtime_id} className="panel row" data-testid={`stop-${s.downtime_id}`}>
          <span className="col grow" style={{ gap: 2 }}>
            <strong>{s.unexplained ? t('downtime.unexplained') : s.reason_name}</strong>
            <span>
              {formatDateTime(s.started_at, locale)} · {s.duration_s !== null ? formatDuration(s.duration_s) : t('stops.running')} · {t(s.source === 'machine' ? 'stops.source_machine' : 'stops.source_operator')}
            </span>
          </span>
          <TouchButton variant="primary" onPress={() => setAction({ kind: 'categorise', stop: s })} testId="stop-categorise">
            {t('stops.categorise')}
          </TouchButton>
          <TouchButton onPress={() => setAction({ kind: 'split', stop: s })} disabled={s.duration_s === null} testId="stop-split">
            {t('stops.split')}
          </TouchButton>
        </div>
      ))}
      {action?.kind === 'categorise' ? <CategoriseDialog stop={action.stop} onClose={() => setAction(null)} /> : null}
      {action?.kind === 'split' ? <SplitDialog stop={action.stop} onClose={() => setAction(null)} /> : null}
    </main>
  );
}

/** The other review a supervisor does here: timers the sweep stopped, with how many wait. */
function TimersLink() {
  const t = useT();
  const cellId = useUi((s) => s.cellId);
  const go = useNav((s) => s.go);
  const q = useQuery('time_entries.to_review', { cell_id: cellId ?? undefined }, ['operations', 'queue'], cellId !== null);
  return (
    <TouchButton onPress={() => go({ name: 'timers' })} testId="stops-timers">
      {t('stops.timers', { n: q.data?.entries.length ?? 0 })}
    </TouchButton>
  );
}

function CategoriseDialog({ stop, onClose }: { stop: Stop; onClose(): void }) {
  const t = useT();
  const [error, setError] = useState<CommandError | null>(null);
  const cellId = useUi((s) => s.cellId);
  // Explaining an unexplained stop is one tap. Changing a reason someone already gave is a
  // correction, so it also asks why (the core refuses it without one) before it is saved.
  const correcting = stop.reason_id !== null;
  const [d, setField, clear] = useDraft(`categorise:${stop.downtime_id}`);
  const save = async (reasonId: string) => {
    const r = await runCommand('downtime.categorise', { downtime_id: stop.downtime_id, reason_id: reasonId, ...(correcting ? { why: d.why ?? '' } : {}) }, { confirm: t('downtime.categorised'), onError: setError });
    if (r.ok) {
      clear();
      onClose();
    }
  };
  return (
    <Modal title={t('stops.categorise')} testId="dialog-categorise">
      <ReasonPicker cellId={cellId} selected={d.reason_id ?? stop.reason_id} onPick={(reasonId) => (correcting ? setField('reason_id', reasonId) : save(reasonId))} />
      {correcting ? <WhyField value={d.why} onChange={(v) => setField('why', v)} error={error} testId="categorise-why" /> : null}
      {error && error.field !== 'why' ? <div className="error-text" role="alert">{describeError(t, error)}</div> : null}
      <div className="row">
        {correcting ? (
          <TouchButton variant="primary" onPress={async () => { if (d.reason_id) await save(d.reason_id); }} disabled={!d.reason_id || d.reason_id === stop.reason_id || !d.why?.trim()} testId="categorise-submit">
            {t('common.save')}
          </TouchButton>
        ) : null}
        <TouchButton onPress={onClose}>{t('common.cancel')}</TouchButton>
      </div>
    </Modal>
  );
}

function SplitDialog({ stop, onClose }: { stop: Stop; onClose(): void }) {
  const t = useT();
  const cellId = useUi((s) => s.cellId);
  const [d, setField, clear] = useDraft(`split:${stop.downtime_id}`);
  const [error, setError] = useState<CommandError | null>(null);
  const minutes = numberOrUndefined(d.minutes);
  const total = stop.duration_s ?? 0;
  const offsetError =
    d.minutes === undefined ? null : minutes === undefined || !(minutes > 0) ? t('validation.too_small', { min: 1 }) : minutes * 60 >= total ? t('stops.split_too_late', { max: formatDuration(total) }) : null;
  const submit = async () => {
    if (offsetError || minutes === undefined) return;
    const r = await runCommand('downtime.split', { downtime_id: stop.downtime_id, at_offset_s: minutes * 60, reason_id: d.reason_id || undefined, why: d.why ?? '' }, { confirm: t('stops.split_done'), onError: setError });
    if (r.ok) {
      clear();
      onClose();
    }
  };
  return (
    <Modal title={t('stops.split')} testId="dialog-split">
      <p>{t('stops.split_text', { total: formatDuration(total) })}</p>
      <Field label={t('stops.split_at')} kind="number" value={d.minutes ?? ''} onChange={(v) => setField('minutes', v)} error={offsetError ?? (error?.field === 'at_offset_s' ? error.message : null)} testId="split-minutes" />
      <h3>{t('stops.split_reason')}</h3>
      <ReasonPicker cellId={cellId} selected={d.reason_id ?? null} onPick={(id) => setField('reason_id', id)} />
      <WhyField value={d.why} onChange={(v) => setField('why', v)} error={error} testId="split-why" />
      {error && error.field !== 'at_offset_s' && error.field !== 'why' ? <div className="error-text" role="alert">{describeError(t, error)}</div> : null}
      <div className="row">
        <TouchButton variant="primary" onPress={submit} disabled={!!offsetError || minutes === undefined || !d.why?.trim()} testId="split-submit">
          {t('stops.split')}
        </TouchButton>
        <TouchButton onPress={onClose}>{t('common.cancel')}</TouchButton>
      </div>
    </Modal>
  );
}
