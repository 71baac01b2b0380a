// The app frame: status bar, sync banners, the current screen, the navigation bar and the
// on-screen keyboard. Login, lock (the core locks after its idle time, or on request) and "core unreachable" are overlays decided by the core's
// answers; the screens under a lock or an outage stay mounted so nothing typed is lost.
import { useEffect, useRef } from 'react';
import { useLocale, useT, type MessageKey } from './i18n/i18n';
import { useNav, type Screen } from './stores/nav-store';
import { useSession, useTerminalInfo } from './stores/session';
import { useUi } from './stores/ui-store';
import { useConnection } from './stores/connection-store';
import { useToast } from './stores/toast-store';
import { LanguagePicker, StatusBar } from './status/StatusBar';
import { SyncBanners } from './status/SyncBadge';
import { UnexplainedStopPrompt } from './status/UnexplainedStopPrompt';
import { OnScreenKeyboard } from './components/OnScreenKeyboard';
import { TouchButton } from './components/TouchButton';
import { runCommand } from './forms/run-command';
import { LoginScreen } from './screens/LoginScreen';
import { LockScreen } from './screens/LockScreen';
import { QueueScreen } from './screens/QueueScreen';
import { OperationScreen } from './screens/OperationScreen';
import { CrewScreen } from './screens/CrewScreen';
import { DowntimeScreen } from './screens/DowntimeScreen';
import { StopsScreen } from './screens/StopsScreen';
import { TimersScreen } from './screens/TimersScreen';
import { HandoverScreen } from './screens/HandoverScreen';
import { DeadLettersScreen } from './screens/DeadLettersScreen';
import { CellsScreen } from './screens/CellsScreen';
import { UnreachableScreen } from './screens/UnreachableScreen';

function CurrentScreen({ screen }: { screen: Screen }) {
  switch (screen.name) {
    case 'queue':
      return <QueueScreen />;
    case 'operation':
      return <OperationScreen operationId={screen.operationId} />;
    case 'crew':
      return <CrewScreen />;
    case 'downtime':
      return <DowntimeScreen />;
    case 'stops':
      return <StopsScreen />;
    case 'timers':
      return <TimersScreen />;
    case 'handover':
      return <HandoverScreen />;
    case 'dead_letters':
      return <DeadLettersScreen />;
    case 'cells':
      return <CellsScreen />;
  }
}

const NAV: { name: Screen['name']; key: MessageKey; supervisor?: boolean }[] = [
  { name: 'queue', key: 'nav.queue' },
  { name: 'crew', key: 'nav.crew' },
  { name: 'downtime', key: 'nav.downtime' },
  { name: 'stops', key: 'nav.stops', supervisor: true }, // also leads to the timers the sweep stopped
  { name: 'handover', key: 'nav.handover' },
  { name: 'cells', key: 'nav.cells', supervisor: true },
];

function NavBar({ isSupervisor }: { isSupervisor: boolean }) {
  const t = useT();
  const screen = useNav((s) => s.screen);
  const go = useNav((s) => s.go);
  const theme = useUi((s) => s.theme);
  const setTheme = useUi((s) => s.setTheme);
  return (
    <nav className="nav" aria-label={t('nav.label')}>
      {NAV.filter((n) => !n.supervisor || isSupervisor).map((n) => (
        <TouchButton key={n.name} selected={screen.name === n.name} onPress={() => go({ name: n.name } as Screen)} testId={`nav-${n.name}`}>
          {t(n.key)}
        </TouchButton>
      ))}
      <div className="grow" />
      <LanguagePicker />
      <TouchButton onPress={() => setTheme(theme === 'light' ? 'dark' : 'light')} testId="nav-theme">
        {t(theme === 'light' ? 'nav.dark' : 'nav.light')}
      </TouchButton>
      <TouchButton onPress={() => runCommand('session.lock', {}, { areas: ['session'] })} testId="nav-lock">
        {t('nav.lock')}
      </TouchButton>
    </nav>
  );
}

function Toast() {
  const message = useToast((s) => s.message);
  return (
    <div role="status" aria-live="polite" className={message ? 'banner toast' : 'visually-hidden'} data-testid="toast">
      {message ?? ''}
    </div>
  );
}

export function App() {
  const t = useT();
  const connection = useConnection((s) => s.state);
  const { state, active, loading } = useSession();
  const info = useTerminalInfo();
  const screen = useNav((s) => s.screen);
  const cellId = useUi((s) => s.cellId);
  const setCell = useUi((s) => s.setCell);

  // The first bound cell is the default view until a supervisor picks another; when the terminal
  // is moved to other cells centrally, a view of a cell it no longer serves falls back to it too.
  const cells = info.data?.cells;
  useEffect(() => {
    const first = cells?.[0]?.cell_id;
    if (first && (!cellId || !cells.some((c) => c.cell_id === cellId))) setCell(first);
  }, [cellId, cells, setCell]);

  // The language belongs to the operator's session: whoever logs in from the login screen keeps
  // the language chosen there; a crew member switched in gets their own earlier choice, or the
  // terminal default; when the last one leaves, the terminal default returns.
  const activeId = active?.profile_id ?? null;
  const previous = useRef<string | null>(null);
  useEffect(() => {
    const prev = previous.current;
    previous.current = activeId;
    if (prev === activeId) return;
    const { locale, terminalDefault, setLocale, resetToDefault } = useLocale.getState();
    if (!activeId) return resetToDefault();
    const ui = useUi.getState();
    const next = ui.localeByProfile[activeId] ?? (prev === null ? locale : terminalDefault);
    setLocale(next);
    ui.rememberLocale(activeId, next);
  }, [activeId]);

  const loggedIn = !!active;
  const locked = !!state?.locked && loggedIn;
  const isSupervisor = active?.role === 'supervisor' || active?.role === 'admin';

  return (
    <>
      <div className="app" inert={locked || connection === 'unreachable'} aria-hidden={locked || connection === 'unreachable' ? true : undefined}>
        <StatusBar />
        <SyncBanners />
        {loggedIn ? <UnexplainedStopPrompt /> : null}
        {loading ? (
          <main className="main">
            <p>{t('common.loading')}</p>
          </main>
        ) : loggedIn ? (
          <CurrentScreen screen={screen} />
        ) : (
          <LoginScreen />
        )}
        <div>
          <Toast />
          {loggedIn ? <NavBar isSupervisor={isSupervisor} /> : null}
          <OnScreenKeyboard />
        </div>
      </div>
      {locked && connection !== 'unreachable' ? <LockScreen /> : null}
      {connection === 'unreachable' ? <UnreachableScreen /> : null}
    </>
  );
}
