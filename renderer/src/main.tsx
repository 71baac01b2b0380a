// Renderer entry: theme, default language from the launcher's <meta name="terminal-locale">,
// the push feed (data.changed → re-query), then the app.
import { createRoot } from 'react-dom/client';
import { Locale } from '../../shared/domain/enums';
import { App } from './App';
import { useLocale } from './i18n/i18n';
import { useUi } from './stores/ui-store';
import { useIdle } from './stores/idle-lock';
import { startQueryFeed } from './stores/query-store';
import './theme/theme.css';

const metaLocale = Locale.safeParse(document.querySelector('meta[name="terminal-locale"]')?.getAttribute('content'));
if (metaLocale.success) {
  useLocale.setState({ terminalDefault: metaLocale.data });
  useLocale.getState().setLocale(metaLocale.data);
}
useUi.getState().setTheme(window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light');
// `?idle_ms=` shortens the idle lock (tests and demos); it can only make the lock come sooner.
const idle = Number(new URLSearchParams(location.search).get('idle_ms'));
if (Number.isFinite(idle) && idle >= 1000 && idle < useIdle.getState().idleMs) useIdle.getState().setIdleMs(idle);

startQueryFeed();
createRoot(document.getElementById('root')!).render(<App />);
