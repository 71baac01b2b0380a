// Renderer entry: theme, default language from the launcher's <meta name="terminal-locale">,
// the push feed (data.changed → re-query), activity for the idle lock, then the app.
import { createRoot } from 'react-dom/client';
import { Locale } from '../../shared/domain/enums';
import { App } from './App';
import { ErrorBoundary } from './components/ErrorBoundary';
import { useLocale } from './i18n/i18n';
import { useUi } from './stores/ui-store';
import { startQueryFeed } from './stores/query-store';
import { startActivityTouch } from './stores/activity';
import './theme/theme.css';

const metaLocale = Locale.safeParse(document.querySelector('meta[name="terminal-locale"]')?.getAttribute('content'));
if (metaLocale.success) {
  useLocale.setState({ terminalDefault: metaLocale.data });
  useLocale.getState().setLocale(metaLocale.data);
}
useUi.getState().setTheme(window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light');

startQueryFeed();
startActivityTouch();
createRoot(document.getElementById('root')!).render(
  <ErrorBoundary>
    <App />
  </ErrorBoundary>,
);
