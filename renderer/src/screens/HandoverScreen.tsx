// Shift handover notes for the cell: the latest notes, and a new note typed on the on-screen
// keyboard (kept as a draft through a lock or a refused command).
import { useState } from 'react';
import type { CommandError } from '../../../shared/contract';
import { commands } from '../../../shared/contract';
import { useLocale, useT } from '../i18n/i18n';
import { useQuery } from '../stores/query-store';
import { useUi } from '../stores/ui-store';
import { useDraft } from '../stores/drafts-store';
import { Field } from '../components/Field';
import { TouchButton } from '../components/TouchButton';
import { formatDateTime } from '../components/format';
import { describeError, fieldErrors } from '../forms/errors';
import { runCommand } from '../forms/run-command';

export function HandoverScreen() {
  const t = useT();
  const locale = useLocale((s) => s.locale);
  const cellId = useUi((s) => s.cellId);
  const notes = useQuery('note.list', { cell_id: cellId ?? '' }, ['notes'], cellId !== null);
  const [d, setField, clear] = useDraft(`note:${cellId ?? ''}`);
  const [error, setError] = useState<CommandError | null>(null);
  const input = { cell_id: cellId ?? '', text: d.text ?? '' };
  const errs = d.text !== undefined ? fieldErrors(t, commands['note.add'].input, input) : {};
  const submit = async () => {
    if (!commands['note.add'].input.safeParse(input).success) return setField('text', d.text ?? '');
    const r = await runCommand('note.add', input, { confirm: t('notes.saved'), onError: setError });
    if (r.ok) clear();
  };
  return (
    <main className="main col" data-testid="screen-handover" aria-labelledby="notes-title">
      <h1 id="notes-title">{t('notes.title')}</h1>
      <Field label={t('notes.new')} multiline value={d.text ?? ''} onChange={(v) => setField('text', v)} error={errs.text ?? (error?.field === 'text' ? error.message : null)} testId="note-text" />
      {error && error.field !== 'text' ? <div className="error-text" role="alert">{describeError(t, error)}</div> : null}
      <TouchButton variant="primary" onPress={submit} testId="note-submit">
        {t('notes.add')}
      </TouchButton>
      {(notes.data?.notes ?? []).map((n) => (
        <article key={n.note_id} className="panel" data-testid="note">
          <div className="muted">
            {n.author_name ?? '—'} · {formatDateTime(n.created_at, locale)}
          </div>
          <p style={{ whiteSpace: 'pre-wrap', margin: '6px 0 0' }}>{n.text}</p>
        </article>
      ))}
    </main>
  );
}
