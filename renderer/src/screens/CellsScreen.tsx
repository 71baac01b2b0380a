// Cell selection: the terminal is bound to its cells at enrollment; this picks which of them the
// screens show. Changing it is a supervisor's choice (admins too); an operator sees why not.
import { useT } from '../i18n/i18n';
import { useSession, useTerminalInfo } from '../stores/session';
import { useUi } from '../stores/ui-store';
import { useNav } from '../stores/nav-store';
import { TouchButton } from '../components/TouchButton';

export function CellsScreen() {
  const t = useT();
  const info = useTerminalInfo();
  const { active } = useSession();
  const cellId = useUi((s) => s.cellId);
  const setCell = useUi((s) => s.setCell);
  const go = useNav((s) => s.go);
  const allowed = active?.role === 'supervisor' || active?.role === 'admin';
  return (
    <main className="main col" data-testid="screen-cells" aria-labelledby="cells-title">
      <h1 id="cells-title">{t('cells.title')}</h1>
      {!allowed ? <p className="error-text">{t('cells.supervisor_only')}</p> : null}
      <div className="tiles">
        {(info.data?.cells ?? []).map((c) => (
          <TouchButton
            key={c.cell_id}
            variant="tile"
            selected={c.cell_id === cellId}
            disabled={!allowed}
            onPress={() => {
              setCell(c.cell_id);
              go({ name: 'queue' });
            }}
            testId={`cell-${c.name}`}
          >
            {c.name}
          </TouchButton>
        ))}
      </div>
      {info.data && info.data.cells.length === 0 ? <p>{t('cells.none')}</p> : null}
    </main>
  );
}
