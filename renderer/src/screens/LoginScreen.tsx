// Shown when nobody is logged in at this terminal: PIN login, and the language for the session.
// The roster tiles are the core's 'session.roster' (who can log in here): one source of truth.
import { useT } from '../i18n/i18n';
import { LanguagePicker } from '../status/StatusBar';
import { LoginForm } from './LoginForm';
import { useQuery } from '../stores/query-store';

export function LoginScreen() {
  const t = useT();
  const roster = useQuery('session.roster', {}, ['reference']);
  const tiles = (roster.data?.people ?? []).map((p) => ({ employee_id: p.employee_id ?? '', label: p.full_name ?? p.employee_id ?? '' })).filter((x) => x.employee_id);
  return (
    <main className="main col login-screen" data-testid="screen-login" aria-labelledby="login-title">
      <div className="row">
        <h1 id="login-title" className="grow">
          {t('login.title')}
        </h1>
        <LanguagePicker />
      </div>
      <LoginForm formId="login" tiles={tiles} scrollTiles />
    </main>
  );
}
