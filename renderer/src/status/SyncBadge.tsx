// The sync badge: online or offline, pending count, oldest pending age, last sync and dead
// letters. It opens the dead-letter list, so a queue that is not draining is never silent.
import { useQuery } from '../stores/query-store';
import { useNav } from '../stores/nav-store';
import { useLocale, useT } from '../i18n/i18n';
import { formatAge, formatDateTime } from '../components/format';

export const SYNC_AREAS = ['sync'] as const;

export function useSyncStatus() {
  return useQuery('sync.status', {}, SYNC_AREAS);
}

export function SyncBadge() {
  const t = useT();
  const locale = useLocale((s) => s.locale);
  const go = useNav((s) => s.go);
  const { data: s } = useSyncStatus();
  if (!s) return <div className="sync-badge">{t('sync.unknown')}</div>;
  // reachable but refused (revoked, central too old, a gap) is not "online" for the operator
  const stopped = s.block === 'revoked' || s.block === 'central_too_old' || s.block === 'gap';
  const healthy = s.online && !stopped;
  return (
    <button
      type="button"
      className={`sync-badge ${healthy ? 'sync-online' : 'sync-offline'}`}
      data-testid="sync-badge"
      onClick={() => go({ name: 'dead_letters' })}
    >
      <span data-testid="sync-online">{stopped ? `■ ${t('sync.stopped')}` : s.online ? `● ${t('sync.online')}` : `○ ${t('sync.offline')}`}</span>
      <span>
        {t('sync.pending')}: <span data-testid="sync-pending">{s.pending}</span>
      </span>
      {s.oldest_pending_age_ms !== null ? <span>{t('sync.oldest', { age: formatAge(s.oldest_pending_age_ms) })}</span> : null}
      <span className="muted-inline">{s.last_sync_at ? t('sync.last', { at: formatDateTime(s.last_sync_at, locale) }) : t('sync.never')}</span>
      {s.dead_letters > 0 ? (
        <span className="chip" data-testid="sync-dead">
          {t('sync.dead_letters', { n: s.dead_letters })}
        </span>
      ) : null}
    </button>
  );
}

/** Offline, revoked, skew: banners below the status bar (the badge alone is too small for these). */
export function SyncBanners() {
  const t = useT();
  const { data: s } = useSyncStatus();
  if (!s) return null;
  const out: { key: string; text: string; danger?: boolean }[] = [];
  if (s.block === 'revoked') out.push({ key: 'revoked', text: t('sync.revoked'), danger: true });
  else if (s.block === 'central_too_old') out.push({ key: 'old', text: t('sync.central_too_old'), danger: true });
  else if (s.block === 'gap') out.push({ key: 'gap', text: t('sync.gap'), danger: true });
  else if (!s.online && s.block !== 'not_enrolled') out.push({ key: 'offline', text: t('sync.offline_banner', { n: s.pending }) });
  if (s.block === 'not_enrolled') out.push({ key: 'enrol', text: t('sync.not_enrolled') });
  if (s.skew_warning && s.skew_ms !== null) out.push({ key: 'skew', text: t('sync.skew', { min: Math.round(Math.abs(s.skew_ms) / 60000) }) });
  if (out.length === 0) return null;
  return (
    <div role="status" data-testid="sync-banners">
      {out.map((b) => (
        <div key={b.key} className={`banner ${b.danger ? 'banner-danger' : ''}`} data-testid={`banner-${b.key}`}>
          {b.text}
        </div>
      ))}
    </div>
  );
}
