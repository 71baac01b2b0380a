// The always-visible status bar: terminal name, cell, active operator, their live timer, the
// clock, the language picker and the sync badge.
import type { Locale } from '../../../shared/domain/enums';
import { Locale as LocaleEnum } from '../../../shared/domain/enums';
import { useLocale, useT } from '../i18n/i18n';
import { useSession, useTerminalInfo } from '../stores/session';
import { useUi } from '../stores/ui-store';
import { useQuery } from '../stores/query-store';
import { useNow } from '../components/useNow';
import { formatClock, formatDuration } from '../components/format';
import { SyncBadge } from './SyncBadge';

function Item(p: { label: string; value: string; testId?: string }) {
  return (
    <div className="sb-item">
      <span className="sb-label">{p.label}</span>
      <span className="sb-value" data-testid={p.testId}>
        {p.value}
      </span>
    </div>
  );
}

function LiveTimer(p: { operationId: string; timeEntryId: string }) {
  const now = useNow();
  const t = useT();
  const d = useQuery('operation.detail', { operation_id: p.operationId }, ['operations', 'queue']);
  const entry = d.data?.time_entries.find((e) => e.time_entry_id === p.timeEntryId);
  // display only: the booked duration is the core's, measured on its monotonic clock
  const secs = entry ? (now - Date.parse(entry.started_at)) / 1000 : 0;
  return <Item label={d.data ? d.data.entry.operation_name : t('status.timer')} value={entry ? formatDuration(secs) : '…'} testId="status-timer" />;
}

export function LanguagePicker() {
  const t = useT();
  const locale = useLocale((s) => s.locale);
  const setLocale = useLocale((s) => s.setLocale);
  const remember = useUi((s) => s.rememberLocale);
  const { active } = useSession();
  const choose = (l: Locale) => {
    setLocale(l);
    if (active) remember(active.profile_id, l);
  };
  return (
    <div className="row" role="group" aria-label={t('status.language')}>
      {LocaleEnum.options.map((l) => (
        <button key={l} type="button" className="btn" aria-pressed={l === locale} data-testid={`lang-${l}`} onClick={() => choose(l)}>
          {l.toUpperCase()}
        </button>
      ))}
    </div>
  );
}

export function StatusBar() {
  const t = useT();
  const now = useNow();
  const locale = useLocale((s) => s.locale);
  const info = useTerminalInfo();
  const cellId = useUi((s) => s.cellId);
  const { active } = useSession();
  const cellName = info.data?.cells.find((c) => c.cell_id === cellId)?.name ?? '—';
  return (
    <header className="statusbar" data-testid="status-bar">
      <Item label={t('status.terminal')} value={info.data?.name ?? '—'} testId="status-terminal" />
      <Item label={t('status.cell')} value={cellName} testId="status-cell" />
      <Item label={t('status.operator')} value={active ? (active.full_name ?? active.employee_id ?? '?') : t('status.nobody')} testId="status-operator" />
      {active?.open_operation_id && active.open_time_entry_id ? <LiveTimer operationId={active.open_operation_id} timeEntryId={active.open_time_entry_id} /> : null}
      <div className="grow" />
      <SyncBadge />
      <Item label={t('status.clock')} value={formatClock(now, locale)} testId="status-clock" />
    </header>
  );
}
