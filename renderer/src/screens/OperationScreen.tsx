// Operation detail and its actions: start, pause with a reason, resume, complete (with final
// quantities), report quantities and report an issue. Each action is one command; the screen
// shows a pending state at once and confirms only when the Result comes back ok.
import { useState } from 'react';
import type { CommandError } from '../../../shared/contract';
import { useLocale, useT, type MessageKey } from '../i18n/i18n';
import { useQuery } from '../stores/query-store';
import { useNav } from '../stores/nav-store';
import { useSession } from '../stores/session';
import { useDraft } from '../stores/drafts-store';
import { TouchButton } from '../components/TouchButton';
import { Modal } from '../components/Modal';
import { formatDate, formatDateTime, formatDuration } from '../components/format';
import { describeError } from '../forms/errors';
import { runCommand } from '../forms/run-command';
import { PauseDialog } from '../forms/PauseDialog';
import { QuantitiesDialog } from '../forms/QuantitiesDialog';
import { IssueForm } from '../forms/IssueForm';
import { neededOverride, SupervisorOverrideForm, type Approvals, type OverrideKind } from '../forms/SupervisorOverrideForm';
import { CustomFieldsForm, customErrors, customValues, useCustomFields } from '../forms/CustomFieldsForm';

const STATUS_KEYS: Record<string, MessageKey> = {
  not_started: 'status.not_started',
  in_progress: 'status.in_progress',
  completed: 'status.completed',
  on_hold: 'status.on_hold',
};

type Dialog = null | 'start' | 'pause' | 'complete' | 'quantities' | 'issue' | 'switch' | 'override';

export function OperationScreen({ operationId }: { operationId: string }) {
  const t = useT();
  const locale = useLocale((s) => s.locale);
  const go = useNav((s) => s.go);
  const { active } = useSession();
  const q = useQuery('operation.detail', { operation_id: operationId }, ['operations', 'queue', 'issues']);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [error, setError] = useState<CommandError | null>(null);
  const [conflict, setConflict] = useState<CommandError | null>(null);
  // This start attempt's answers so far (supervisor approvals, "pause my current work"), kept
  // until it goes through, and the approval the core is asking for now with what it said.
  const [attempt, setAttempt] = useState<{ given: Approvals; pauseCurrent: boolean }>({ given: {}, pauseCurrent: false });
  const [override, setOverride] = useState<{ kind: OverrideKind; refusal: CommandError } | null>(null);
  const startFields = useCustomFields(q.data?.entry.cell_id, 'start');
  const [startDraft, , clearStartDraft] = useDraft(`start:${operationId}`);
  const [startTried, setStartTried] = useState(false);

  if (!q.data) {
    return (
      <main className="main" data-testid="screen-operation">
        <h1>{t('operation.title')}</h1>
        {q.error ? <div className="error-text" role="alert">{describeError(t, q.error)}</div> : <p>{t('common.loading')}</p>}
      </main>
    );
  }
  const { entry, time_entries, issues, documents } = q.data;
  const mine = active?.open_operation_id === operationId;
  const estimated = entry.estimated_hours !== null ? entry.estimated_hours * 3600 : null;
  const ratio = estimated ? Math.min(1.5, entry.actual_seconds / estimated) : 0;

  const starting = entry.status === 'not_started';
  const startErrors = customErrors(t, startFields.fields, startDraft);
  /**
   * One retry path for every answer the core may ask for: the switch dialog (pause current work)
   * and supervisor approvals (routing order, WIP limit) each add to the attempt and retry, so a
   * start that needs all three asks for each once and sends them together. Returns the refusal
   * the open dialog should show, if any.
   */
  const attemptStart = async (next: { given: Approvals; pauseCurrent: boolean }, inDialog = false): Promise<CommandError | null> => {
    setError(null);
    const r = starting
      ? await runCommand('operation.start', { operation_id: operationId, ...next.given, pause_current: next.pauseCurrent, custom_fields: customValues(startFields.fields, startDraft) }, { confirm: t('operation.started') })
      : await runCommand('operation.resume', { operation_id: operationId, pause_current: next.pauseCurrent }, { confirm: t('operation.resumed') });
    if (r.ok) {
      if (starting) clearStartDraft();
      setAttempt({ given: {}, pauseCurrent: false });
      setOverride(null);
      setDialog(null);
      return null;
    }
    setAttempt(next);
    const need = starting ? neededOverride(r.error) : null;
    if (r.error.code === 'conflict' && typeof r.error.detail?.open_time_entry_id === 'string' && !next.pauseCurrent) {
      setConflict(r.error);
      setDialog('switch');
    } else if (need && !next.given[need]) {
      setOverride({ kind: need, refusal: r.error });
      setDialog('override');
    } else if (inDialog) return r.error;
    else setError(r.error);
    return null;
  };
  const startOrResume = (pauseCurrent: boolean) => attemptStart({ given: {}, pauseCurrent });

  return (
    <main className="main col" data-testid="screen-operation" aria-labelledby="op-title">
      <div className="row">
        <TouchButton onPress={() => go({ name: 'queue' })} testId="back-to-queue">
          ← {t('nav.queue')}
        </TouchButton>
        <h1 id="op-title" className="grow">
          {entry.sequence}. {entry.operation_name}
        </h1>
        <span className="chip" data-testid="op-status">
          {t(STATUS_KEYS[entry.status] ?? 'status.not_started')}
        </span>
      </div>
      {entry.status === 'on_hold' ? (
        <div className="banner banner-danger" role="status" data-testid="op-on-hold">
          {t('operation.on_hold')}
        </div>
      ) : null}
      <dl className="detail-grid panel">
        <div><dt>{t('operation.job')}</dt><dd>{entry.job_number}</dd></div>
        <div><dt>{t('operation.customer')}</dt><dd>{entry.customer ?? '—'}</dd></div>
        <div><dt>{t('operation.part')}</dt><dd>{entry.part_number}</dd></div>
        <div><dt>{t('operation.material')}</dt><dd>{entry.material ?? '—'}</dd></div>
        <div><dt>{t('operation.quantity')}</dt><dd className="figure" data-testid="op-quantity">{entry.produced} / {entry.quantity}</dd></div>
        <div><dt>{t('operation.good_scrap_rework')}</dt><dd data-testid="op-gsr">{entry.good} / {entry.scrap} / {entry.rework}</dd></div>
        <div><dt>{t('operation.due')}</dt><dd className={`due-label-${entry.due_state}`}>{entry.due_date ? formatDate(entry.due_date, locale) : '—'}</dd></div>
        <div><dt>{t('operation.clocked_on')}</dt><dd>{entry.clocked_on.map((c) => c.full_name ?? '?').join(', ') || '—'}</dd></div>
        <div style={{ gridColumn: '1 / -1' }}>
          <dt>{t('operation.time_booked')}</dt>
          <dd>
            <span className="figure" data-testid="op-time">
              {formatDuration(entry.actual_seconds)} / {estimated !== null ? formatDuration(estimated) : '—'}
            </span>
            {estimated ? (
              <div className={`progress ${ratio > 1 ? 'progress-over' : ''}`} role="progressbar" aria-label={t('operation.time_booked')} aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(ratio * 100)}>
                <div style={{ width: `${Math.min(100, ratio * 100)}%` }} />
              </div>
            ) : null}
          </dd>
        </div>
      </dl>

      {documents ? (
        <section className="panel col" aria-labelledby="docs-title" data-testid="op-documents">
          <h2 id="docs-title">{t('operation.instructions')}</h2>
          <dl className="detail-grid">
            <div><dt>{t('operation.drawing')}</dt><dd data-testid="op-drawing">{documents.drawing_number ?? '—'}</dd></div>
            <div><dt>{t('operation.program')}</dt><dd>{documents.cnc_program ?? '—'}</dd></div>
            <div><dt>{t('operation.resources')}</dt><dd>{documents.resources.map((r) => (r.quantity ? `${r.name} ×${r.quantity}` : r.name)).join(', ') || '—'}</dd></div>
          </dl>
          {[documents.operation_notes, documents.part_notes, documents.job_notes]
            .filter((n): n is string => !!n && n.trim() !== '')
            .map((n, i) => (
              <p key={i} style={{ whiteSpace: 'pre-wrap', margin: 0 }}>
                {n}
              </p>
            ))}
        </section>
      ) : null}

      <div className="row" role="group" aria-label={t('operation.actions')}>
        {entry.status === 'not_started' || (entry.status === 'in_progress' && !mine) ? (
          <TouchButton
            variant="primary"
            // a cell that asks for values at start (e.g. a material lot) gets them in a dialog first
            onPress={() => (starting && startFields.fields.length > 0 ? setDialog('start') : startOrResume(false))}
            testId={starting ? 'action-start' : 'action-resume'}
          >
            ▶ {t(entry.status === 'not_started' ? 'action.start' : 'action.resume')}
          </TouchButton>
        ) : null}
        {mine ? (
          <TouchButton variant="warning" onPress={() => setDialog('pause')} testId="action-pause">
            ❚❚ {t('action.pause')}
          </TouchButton>
        ) : null}
        {entry.status === 'in_progress' ? (
          <TouchButton variant="primary" onPress={() => setDialog('complete')} testId="action-complete">
            ✔ {t('action.complete')}
          </TouchButton>
        ) : null}
        {entry.status !== 'completed' ? (
          <>
            <TouchButton onPress={() => setDialog('quantities')} testId="action-quantities">
              {t('action.quantities')}
            </TouchButton>
            <TouchButton variant="danger" onPress={() => setDialog('issue')} testId="action-issue">
              ⚠ {t('action.issue')}
            </TouchButton>
          </>
        ) : null}
      </div>
      {error ? (
        <div className="error-text" role="alert" data-testid="action-error">
          {describeError(t, error)}
        </div>
      ) : null}

      <section className="panel col" aria-labelledby="entries-title">
        <h2 id="entries-title">{t('operation.time_entries')}</h2>
        {time_entries.length === 0 ? <p>{t('operation.no_entries')}</p> : null}
        {time_entries.map((te) => (
          <div key={te.time_entry_id} className="row" data-testid="time-entry">
            <span>{formatDateTime(te.started_at, locale)}</span>
            <span>→ {te.ended_at ? formatDateTime(te.ended_at, locale) : t('operation.running')}</span>
            <strong>{te.duration_s !== null ? formatDuration(te.duration_s) : ''}</strong>
            {te.closed_by ? <span className="muted">{te.closed_by}</span> : null}
          </div>
        ))}
      </section>
      {issues.length > 0 ? (
        <section className="panel col" aria-labelledby="issues-title">
          <h2 id="issues-title">{t('operation.issues')}</h2>
          {issues.map((i) => (
            <div key={i.issue_id} className="row" data-testid="issue-row">
              <span className="chip">{i.severity}</span>
              <span className="grow">{i.description}</span>
              <span>{t('operation.photos', { n: i.photo_count })}</span>
              <span className="chip">{i.status}</span>
            </div>
          ))}
        </section>
      ) : null}

      {dialog === 'start' ? (
        <Modal title={t('start.title')} testId="dialog-start">
          <CustomFieldsForm formId={`start:${operationId}`} defs={startFields.fields} showErrors={startTried} serverField={error?.field ?? null} serverMessage={error?.message ?? null} />
          {error ? <div className="error-text" role="alert">{describeError(t, error)}</div> : null}
          <div className="row">
            <TouchButton
              variant="primary"
              onPress={async () => {
                setStartTried(true);
                if (Object.keys(startErrors).length === 0) await startOrResume(false);
              }}
              testId="start-submit"
            >
              ▶ {t('action.start')}
            </TouchButton>
            <TouchButton onPress={() => setDialog(null)}>{t('common.cancel')}</TouchButton>
          </div>
        </Modal>
      ) : null}
      {dialog === 'pause' ? <PauseDialog operationId={operationId} onClose={() => setDialog(null)} /> : null}
      {dialog === 'complete' ? <QuantitiesDialog operationId={operationId} cellId={entry.cell_id} mode="complete" onClose={() => setDialog(null)} /> : null}
      {dialog === 'quantities' ? <QuantitiesDialog operationId={operationId} cellId={entry.cell_id} mode="report" onClose={() => setDialog(null)} /> : null}
      {dialog === 'issue' ? (
        <Modal title={t('issue.title')} testId="dialog-issue">
          <IssueForm operationId={operationId} onDone={() => setDialog(null)} onCancel={() => setDialog(null)} />
        </Modal>
      ) : null}
      {dialog === 'switch' && conflict ? (
        <Modal title={t('operation.switch_title')} testId="dialog-switch">
          <p>{t('operation.switch_text')}</p>
          <div className="row">
            <TouchButton variant="primary" onPress={() => attemptStart({ ...attempt, pauseCurrent: true })} testId="switch-confirm">
              {t('operation.switch_confirm')}
            </TouchButton>
            <TouchButton onPress={() => setDialog(null)}>{t('common.cancel')}</TouchButton>
          </div>
        </Modal>
      ) : null}
      {dialog === 'override' && override ? (
        <Modal title={t('override.title')} testId="dialog-override">
          <SupervisorOverrideForm
            key={override.kind}
            operationId={operationId}
            kind={override.kind}
            refusal={override.refusal}
            onApprove={(approval) => attemptStart({ ...attempt, given: { ...attempt.given, [override.kind]: approval } }, true)}
            onCancel={() => {
              setOverride(null);
              setDialog(null);
            }}
          />
        </Modal>
      ) : null}
    </main>
  );
}
