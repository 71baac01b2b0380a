// Shown when nobody is logged in at this terminal: PIN login, and the language for the session.
import { useT } from '../i18n/i18n';
import { LanguagePicker } from '../status/StatusBar';
import { LoginForm } from './LoginForm';
import { useUi } from '../stores/ui-store';

export function LoginScreen() {
  const t = useT();
  const roster = useUi((s) => s.roster);
  return (
    <main className="main col login-screen" data-testid="screen-login" aria-labelledby="login-title">
      <div className="row">
        <h1 id="login-title" className="grow">
          {t('login.title')}
        </h1>
        <LanguagePicker />
      </div>
      <LoginForm formId="login" tiles={roster} />
    </main>
  );
}
