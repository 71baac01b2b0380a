// Sync details and the dead-letter list: every event the central refused, with its reason, so a
// queue that is not draining is never silent. "Sync now" skips any backoff wait.
import { useLocale, useT } from '../i18n/i18n';
import { useQuery } from '../stores/query-store';
import { TouchButton } from '../components/TouchButton';
import { formatAge, formatDateTime } from '../components/format';
import { runCommand } from '../forms/run-command';
import { useSyncStatus } from '../status/SyncBadge';

export function DeadLettersScreen() {
  const t = useT();
  const locale = useLocale((s) => s.locale);
  const { data: s } = useSyncStatus();
  const dl = useQuery('sync.dead_letters', { limit: 200 }, ['sync']);
  return (
    <main className="main col" data-testid="screen-dead-letters" aria-labelledby="sync-title">
      <div className="row">
        <h1 id="sync-title" className="grow">
          {t('sync.title')}
        </h1>
        <TouchButton variant="primary" onPress={() => runCommand('sync.now', {}, { areas: ['sync'] })} testId="sync-now">
          ⟳ {t('sync.now')}
        </TouchButton>
      </div>
      {s ? (
        <dl className="detail-grid panel">
          <div><dt>{t('sync.state')}</dt><dd>{s.online ? t('sync.online') : t('sync.offline')}</dd></div>
          <div><dt>{t('sync.pending')}</dt><dd data-testid="sync-detail-pending">{s.pending}</dd></div>
          <div><dt>{t('sync.oldest_label')}</dt><dd>{s.oldest_pending_age_ms !== null ? formatAge(s.oldest_pending_age_ms) : '—'}</dd></div>
          <div><dt>{t('sync.last_label')}</dt><dd>{s.last_sync_at ? formatDateTime(s.last_sync_at, locale) : t('sync.never')}</dd></div>
          {s.message ? <div style={{ gridColumn: '1 / -1' }}><dt>{t('sync.reason')}</dt><dd>{s.message}</dd></div> : null}
          {s.last_error ? <div style={{ gridColumn: '1 / -1' }}><dt>{t('sync.last_error')}</dt><dd>{s.last_error}</dd></div> : null}
        </dl>
      ) : null}
      <h2>{t('sync.dead_title')}</h2>
      {dl.data && dl.data.length === 0 ? <p>{t('sync.no_dead')}</p> : null}
      {dl.data && dl.data.length > 0 ? (
        <table className="list" data-testid="dead-letters">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">{t('sync.dl_type')}</th>
              <th scope="col">{t('sync.dl_when')}</th>
              <th scope="col">{t('sync.dl_reason')}</th>
            </tr>
          </thead>
          <tbody>
            {dl.data.map((d) => (
              <tr key={d.event_id}>
                <td>{d.device_seq}</td>
                <td>{d.type}</td>
                <td>{formatDateTime(d.occurred_at, locale)}</td>
                <td>{d.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </main>
  );
}
