// The idle/manual lock. It covers the app without unmounting it, so every open form, draft and
// timer is exactly as it was once a crew member's PIN unlocks it.
import { useT } from '../i18n/i18n';
import { useSession } from '../stores/session';
import { LoginForm } from './LoginForm';

export function LockScreen() {
  const t = useT();
  const { state, active } = useSession();
  const tiles = (state?.crew ?? []).filter((c) => c.employee_id).map((c) => ({ employee_id: c.employee_id!, label: c.full_name ?? c.employee_id! }));
  return (
    <div className="overlay" role="dialog" aria-modal="true" aria-labelledby="lock-title" data-testid="screen-lock">
      <h1 id="lock-title">{t('lock.title')}</h1>
      <p>{active ? t('lock.active', { name: active.full_name ?? active.employee_id ?? '' }) : t('lock.hint')}</p>
      <LoginForm formId="unlock" tiles={tiles} />
    </div>
  );
}
