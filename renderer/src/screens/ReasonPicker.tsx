// The downtime reason picker: a tree of big tiles. This cell's recent and most-used reasons come
// first (one tap for the common case); below them the groups (planned / unplanned / idle), each
// opening its reasons. Keeping the top level small is what stops everything ending up "Other".
import { useState } from 'react';
import type { DowntimeGroupType } from '../../../shared/domain/enums';
import { useT, type MessageKey } from '../i18n/i18n';
import { useQuery } from '../stores/query-store';
import { TouchButton } from '../components/TouchButton';

const GROUP_TYPE_KEYS: Record<DowntimeGroupType, MessageKey> = { unplanned: 'downtime.unplanned', planned: 'downtime.planned', idle: 'downtime.idle' };

export function ReasonPicker(p: { cellId: string | null; onPick(reasonId: string): void | Promise<unknown>; selected?: string | null }) {
  const t = useT();
  const q = useQuery('downtime.reasons', { cell_id: p.cellId ?? undefined }, ['reference', 'downtime']);
  const [groupId, setGroupId] = useState<string | null>(null);
  if (!q.data) return <p>{t('common.loading')}</p>;
  const group = q.data.groups.find((g) => g.group_id === groupId);
  if (group) {
    return (
      <div className="col" data-testid="reason-group">
        <div className="row">
          <TouchButton onPress={() => setGroupId(null)} testId="reason-back">
            ← {t('common.back')}
          </TouchButton>
          <h3>{group.name}</h3>
        </div>
        <div className="tiles">
          {group.reasons.map((r) => (
            <TouchButton key={r.reason_id} variant="tile" selected={p.selected === r.reason_id} onPress={() => p.onPick(r.reason_id)} testId={`reason-${r.code}`}>
              {r.name}
            </TouchButton>
          ))}
        </div>
      </div>
    );
  }
  const firstTiles = [...q.data.recent, ...q.data.favourites.filter((f) => !q.data!.recent.some((r) => r.reason_id === f.reason_id))].slice(0, 6);
  return (
    <div className="col" data-testid="reason-picker">
      {firstTiles.length > 0 ? (
        <>
          <h3>{t('downtime.recent')}</h3>
          <div className="tiles">
            {firstTiles.map((r) => (
              <TouchButton key={r.reason_id} variant="tile" selected={p.selected === r.reason_id} onPress={() => p.onPick(r.reason_id)} testId={`recent-${r.code}`}>
                {r.name}
              </TouchButton>
            ))}
          </div>
        </>
      ) : null}
      <h3>{t('downtime.groups')}</h3>
      <div className="tiles">
        {q.data.groups.map((g) => (
          <TouchButton key={g.group_id} variant="tile" onPress={() => setGroupId(g.group_id)} testId={`group-${g.name}`}>
            {g.name}
            <span className="muted">{t(GROUP_TYPE_KEYS[g.type])}</span>
          </TouchButton>
        ))}
      </div>
    </div>
  );
}
