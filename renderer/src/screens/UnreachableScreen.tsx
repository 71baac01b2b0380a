// Shown when the core does not answer: a recoverable screen that keeps retrying on its own. The app
// underneath stays mounted, so nothing typed is lost while the core restarts.
import { useEffect } from 'react';
import { useT } from '../i18n/i18n';
import { terminalApi } from '../api/terminal-api';
import { refreshAreas } from '../stores/query-store';
import { useConnection } from '../stores/connection-store';
import { useNow } from '../components/useNow';
import { formatDuration } from '../components/format';
import { TouchButton } from '../components/TouchButton';

const RETRY_MS = 2000;

async function probe(): Promise<void> {
  const r = await terminalApi().query('terminal.info', {});
  if (r.ok) refreshAreas(['*']);
}

export function UnreachableScreen() {
  const t = useT();
  const since = useConnection((s) => s.since);
  const now = useNow();
  useEffect(() => {
    const timer = window.setInterval(() => void probe(), RETRY_MS);
    return () => window.clearInterval(timer);
  }, []);
  return (
    <div className="overlay" role="alertdialog" aria-modal="true" aria-labelledby="unreachable-title" data-testid="screen-unreachable">
      <h1 id="unreachable-title">{t('unreachable.title')}</h1>
      <p>{t('unreachable.text')}</p>
      <p className="figure">{t('unreachable.since', { time: formatDuration((now - since) / 1000) })}</p>
      <TouchButton variant="primary" onPress={probe} testId="unreachable-retry">
        ⟳ {t('unreachable.retry')}
      </TouchButton>
    </div>
  );
}
