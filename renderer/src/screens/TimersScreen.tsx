// Supervisor view of the timers the ghost-timer sweep stopped at their limit or the shift end:
// who, on what, and the time the sweep credited. The supervisor confirms that time in one tap, or
// corrects it down to the minutes really worked, with a why. The core decides who may do this and
// refuses more time than was measured; a refusal is shown with its reason.
import { useState } from 'react';
import type { CommandError, OutputOf, Queries } from '../../../shared/contract';
import { useLocale, useT } from '../i18n/i18n';
import { useQuery } from '../stores/query-store';
import { useUi } from '../stores/ui-store';
import { useNav } from '../stores/nav-store';
import { useDraft } from '../stores/drafts-store';
import { TouchButton } from '../components/TouchButton';
import { Field } from '../components/Field';
import { Modal } from '../components/Modal';
import { WhyField } from '../components/WhyField';
import { formatDateTime, formatDuration } from '../components/format';
import { describeError, numberOrUndefined } from '../forms/errors';
import { runCommand } from '../forms/run-command';

type Entry = OutputOf<Queries['time_entries.to_review']>['entries'][number];

/** A review changes time entries, which the queue and the operation screens show. */
const TIMER_AREAS = ['operations', 'queue'];

export function TimersScreen() {
  const t = useT();
  const locale = useLocale((s) => s.locale);
  const cellId = useUi((s) => s.cellId);
  const q = useQuery('time_entries.to_review', { cell_id: cellId ?? undefined }, TIMER_AREAS, cellId !== null);
  const go = useNav((s) => s.go);
  const [correcting, setCorrecting] = useState<Entry | null>(null);
  const [error, setError] = useState<CommandError | null>(null);
  return (
    <main className="main col" data-testid="screen-timers" aria-labelledby="timers-title">
      <div className="row">
        <h1 id="timers-title" className="grow">
          {t('timers.title')}
        </h1>
        <TouchButton onPress={() => go({ name: 'stops' })} testId="timers-back">
          {t('common.back')}
        </TouchButton>
      </div>
      <p>{t('timers.explain')}</p>
      {q.data?.entries.length === 0 ? <p data-testid="timers-empty">{t('timers.none')}</p> : null}
      {q.data?.entries.map((e) => (
        <div key={e.time_entry_id} className="panel row" data-testid={`timer-${e.time_entry_id}`}>
          <span className="col grow" style={{ gap: 2 }}>
            <strong>
              {e.full_name ?? '—'} · {formatDuration(e.duration_s)}
            </strong>
            <span>{[e.job_number, e.part_number, e.operation_name].filter(Boolean).join(' · ')}</span>
            <span>
              {formatDateTime(e.started_at, locale)} – {formatDateTime(e.ended_at, locale)}
            </span>
          </span>
          <TouchButton
            variant="primary"
            onPress={() => runCommand('time_entry.review', { operation_id: e.operation_id, time_entry_id: e.time_entry_id }, { confirm: t('timers.confirmed'), onError: setError, areas: TIMER_AREAS })}
            testId="timer-confirm"
          >
            {t('timers.confirm')}
          </TouchButton>
          <TouchButton onPress={() => setCorrecting(e)} testId="timer-correct">
            {t('timers.correct')}
          </TouchButton>
        </div>
      ))}
      {error ? <div className="error-text" role="alert">{describeError(t, error)}</div> : null}
      {correcting ? <CorrectDialog entry={correcting} onClose={() => setCorrecting(null)} /> : null}
    </main>
  );
}

function CorrectDialog({ entry, onClose }: { entry: Entry; onClose(): void }) {
  const t = useT();
  const [d, setField, clear] = useDraft(`timer:${entry.time_entry_id}`);
  const [error, setError] = useState<CommandError | null>(null);
  const max = Math.floor(entry.duration_s / 60);
  const minutes = numberOrUndefined(d.minutes);
  const minutesError =
    d.minutes === undefined
      ? null
      : minutes === undefined || !Number.isInteger(minutes)
        ? t('validation.whole')
        : minutes < 0
          ? t('validation.too_small', { min: 0 })
          : minutes > max
            ? t('timers.too_much', { max })
            : null;
  const submit = async () => {
    if (minutesError || minutes === undefined) return;
    const r = await runCommand(
      'time_entry.review',
      { operation_id: entry.operation_id, time_entry_id: entry.time_entry_id, duration_s: minutes * 60, why: d.why ?? '' },
      { confirm: t('timers.corrected'), onError: setError, areas: TIMER_AREAS },
    );
    if (r.ok) {
      clear();
      onClose();
    }
  };
  return (
    <Modal title={t('timers.correct')} testId="dialog-timer-correct">
      <p>
        {entry.full_name ?? '—'} · {entry.operation_name} · {formatDuration(entry.duration_s)}
      </p>
      <Field
        label={t('timers.worked_minutes', { max })}
        kind="number"
        value={d.minutes ?? ''}
        onChange={(v) => setField('minutes', v)}
        error={minutesError ?? (error?.field === 'duration_s' ? error.message : null)}
        testId="timer-minutes"
      />
      <WhyField value={d.why} onChange={(v) => setField('why', v)} error={error} testId="timer-why" />
      {error && error.field !== 'duration_s' && error.field !== 'why' ? <div className="error-text" role="alert">{describeError(t, error)}</div> : null}
      <div className="row">
        <TouchButton variant="primary" onPress={submit} disabled={!!minutesError || minutes === undefined || !d.why?.trim()} testId="timer-submit">
          {t('common.save')}
        </TouchButton>
        <TouchButton onPress={onClose}>{t('common.cancel')}</TouchButton>
      </div>
    </Modal>
  );
}
