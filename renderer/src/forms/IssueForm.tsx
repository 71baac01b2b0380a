// Report an issue (or NCR) on an operation: severity, type, category, description, affected
// quantity, standstill, and photos from the camera or a file. Validated as typed with the
// contract's 'issue.report' input schema; the draft (photos included) survives a lock and a
// refused command, and is cleared only after the core confirms.
import { useEffect, useRef, useState } from 'react';
import { commands } from '../../../shared/contract';
import type { CommandError } from '../../../shared/contract';
import { IssueSeverity, IssueType } from '../../../shared/domain/enums';
import { useT, type MessageKey } from '../i18n/i18n';
import { useDraft } from '../stores/drafts-store';
import { useQuery } from '../stores/query-store';
import { Field } from '../components/Field';
import { TouchButton } from '../components/TouchButton';
import { describeError, fieldErrors, numberOrUndefined } from './errors';
import { approxBytes, MAX_PHOTO_BYTES, photoFromFile, photoFromVideo, type PhotoDraft } from './photo';
import { runCommand } from './run-command';

const SEVERITY_KEYS: Record<IssueSeverity, MessageKey> = { low: 'issue.sev_low', medium: 'issue.sev_medium', high: 'issue.sev_high', critical: 'issue.sev_critical' };
const TYPE_KEYS: Record<IssueType, MessageKey> = { general: 'issue.type_general', ncr: 'issue.type_ncr' };

function photosOf(s: string | undefined): PhotoDraft[] {
  try {
    return s ? (JSON.parse(s) as PhotoDraft[]) : [];
  } catch {
    return [];
  }
}

export function IssueForm(p: { operationId: string; onDone(): void; onCancel(): void }) {
  const t = useT();
  const formId = `issue:${p.operationId}`;
  const [d, setField, clear] = useDraft(formId);
  const [serverError, setServerError] = useState<CommandError | null>(null);
  const [photoError, setPhotoError] = useState<string | null>(null);
  const [camera, setCamera] = useState(false);
  const refs = useQuery('reference.lists', {}, ['reference']);
  const photos = photosOf(d.photos);

  const input = {
    operation_id: p.operationId,
    severity: d.severity,
    issue_type: d.issue_type ?? 'general',
    category_id: d.category_id || undefined,
    description: d.description ?? '',
    affected_quantity: numberOrUndefined(d.affected_quantity),
    causes_standstill: d.causes_standstill === 'true',
    photos,
  };
  const errs = fieldErrors(t, commands['issue.report'].input, input);
  const shown = (f: string) => (d[`touched_${f}`] || d.submitted ? (errs[f] ?? null) : null) ?? (serverError?.field === f ? serverError.message : null);

  const addPhoto = (ph: PhotoDraft) => {
    if (approxBytes(ph) > MAX_PHOTO_BYTES) {
      setPhotoError(t('issue.photo_too_big', { mb: MAX_PHOTO_BYTES / 1024 / 1024 }));
      return;
    }
    setPhotoError(null);
    setField('photos', JSON.stringify([...photos, ph]));
  };

  const submit = async () => {
    setField('submitted', '1');
    const parsed = commands['issue.report'].input.safeParse(input);
    if (!parsed.success) return;
    const r = await runCommand('issue.report', parsed.data, { confirm: t('issue.reported'), onError: setServerError });
    if (r.ok) {
      clear();
      p.onDone();
    }
  };

  return (
    <div className="col" data-testid="issue-form">
      <div className="row" role="group" aria-label={t('issue.severity')}>
        <strong>{t('issue.severity')}</strong>
        {IssueSeverity.options.map((s) => (
          <TouchButton key={s} selected={d.severity === s} onPress={() => setField('severity', s)} testId={`issue-sev-${s}`}>
            {t(SEVERITY_KEYS[s])}
          </TouchButton>
        ))}
      </div>
      {shown('severity') ? <div className="field-error">{t('issue.pick_severity')}</div> : null}
      <div className="row" role="group" aria-label={t('issue.type')}>
        <strong>{t('issue.type')}</strong>
        {IssueType.options.map((s) => (
          <TouchButton key={s} selected={(d.issue_type ?? 'general') === s} onPress={() => setField('issue_type', s)} testId={`issue-type-${s}`}>
            {t(TYPE_KEYS[s])}
          </TouchButton>
        ))}
        <TouchButton selected={d.causes_standstill === 'true'} onPress={() => setField('causes_standstill', d.causes_standstill === 'true' ? 'false' : 'true')} testId="issue-standstill">
          {t('issue.standstill')}
        </TouchButton>
      </div>
      {(refs.data?.issue_categories.length ?? 0) > 0 ? (
        <div className="row" role="group" aria-label={t('issue.category')}>
          <strong>{t('issue.category')}</strong>
          {refs.data!.issue_categories.map((c) => (
            <TouchButton key={c.id} selected={d.category_id === c.id} onPress={() => setField('category_id', d.category_id === c.id ? '' : c.id)} testId={`issue-cat-${c.code}`}>
              {c.name}
            </TouchButton>
          ))}
        </div>
      ) : null}
      <Field
        label={t('issue.description')}
        multiline
        value={d.description ?? ''}
        onChange={(x) => {
          setField('description', x);
          setField('touched_description', '1');
        }}
        error={shown('description')}
        testId="issue-description"
      />
      <Field label={t('issue.affected')} kind="number" value={d.affected_quantity ?? ''} onChange={(x) => setField('affected_quantity', x)} error={shown('affected_quantity')} testId="issue-affected" />
      <div className="row">
        <TouchButton onPress={() => setCamera(true)} testId="issue-camera">
          {t('issue.camera')}
        </TouchButton>
        <label className="btn" data-testid="issue-file-label">
          {t('issue.attach')}
          <input
            type="file"
            accept="image/*"
            className="visually-hidden"
            data-testid="issue-file"
            onChange={(e) => {
              const f = e.target.files?.[0];
              e.target.value = '';
              if (f) void photoFromFile(f).then(addPhoto, () => setPhotoError(t('issue.photo_failed')));
            }}
          />
        </label>
        {photos.map((ph, i) => (
          <span key={i} className="col" style={{ alignItems: 'center' }}>
            <img className="photo-thumb" alt={ph.file_name} src={`data:${ph.mime_type};base64,${ph.data_base64}`} data-testid="issue-photo" />
            <TouchButton variant="ghost" label={t('issue.remove_photo', { name: ph.file_name })} onPress={() => setField('photos', JSON.stringify(photos.filter((_, j) => j !== i)))}>
              ✕
            </TouchButton>
          </span>
        ))}
      </div>
      {photoError || shown('photos') ? <div className="field-error" role="alert">{photoError ?? shown('photos')}</div> : null}
      {camera ? <CameraCapture onShot={(ph) => { addPhoto(ph); setCamera(false); }} onClose={() => setCamera(false)} /> : null}
      {serverError && !serverError.field ? (
        <div className="error-text" role="alert" data-testid="form-error">
          {describeError(t, serverError)}
        </div>
      ) : null}
      <div className="row">
        <TouchButton variant="primary" onPress={submit} testId="issue-submit">
          {t('issue.submit')}
        </TouchButton>
        <TouchButton onPress={p.onCancel} testId="issue-cancel">
          {t('common.close')}
        </TouchButton>
      </div>
    </div>
  );
}

function CameraCapture(p: { onShot(ph: PhotoDraft): void; onClose(): void }) {
  const t = useT();
  const video = useRef<HTMLVideoElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  const [error, setError] = useState(false);
  // (braces: newer Chromium returns a Promise from scrollIntoView, which must not become a cleanup)
  useEffect(() => {
    panel.current?.scrollIntoView({ block: 'center' });
  }, []);
  useEffect(() => {
    let stream: MediaStream | null = null;
    let stopped = false;
    navigator.mediaDevices
      ?.getUserMedia({ video: { facingMode: 'environment' }, audio: false })
      .then((s) => {
        if (stopped) return s.getTracks().forEach((tr) => tr.stop());
        stream = s;
        if (video.current) {
          video.current.srcObject = s;
          void video.current.play();
        }
      })
      .catch(() => setError(true));
    if (!navigator.mediaDevices) setError(true);
    return () => {
      stopped = true;
      stream?.getTracks().forEach((tr) => tr.stop());
    };
  }, []);
  return (
    <div className="panel col" data-testid="camera" ref={panel}>
      {error ? <div className="error-text">{t('issue.camera_unavailable')}</div> : <video ref={video} className="camera" muted playsInline aria-label={t('issue.camera')} />}
      <div className="row">
        <TouchButton variant="primary" disabled={error} onPress={async () => video.current && p.onShot(await photoFromVideo(video.current, `photo-${Date.now()}.jpg`))} testId="camera-shoot">
          {t('issue.take_photo')}
        </TouchButton>
        <TouchButton onPress={p.onClose}>{t('common.close')}</TouchButton>
      </div>
    </div>
  );
}
