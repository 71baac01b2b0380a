// Downtime queries: the reason tree (central groups unplanned / planned / idle and their reasons)
// with this cell's recent and most-used reasons first, and the stops with their change history.
import { DowntimeGroupType, DowntimeSource } from '../../../shared/domain/enums';
import type { CoreContext } from '../context';
import { terminalIdentity } from '../context';
import type { QueryHandlers } from '../handler-types';
import { sql } from '../store/statements';

interface ReasonRow {
  reason_id: string;
  code: string;
  name: string;
  group_id: string;
}

const REASON_COLS = 'r.id AS reason_id, r.code, r.name, r.group_id';
const ACTIVE = 'r.active = 1 AND r.deleted_at IS NULL';

export function downtimeQueries(ctx: CoreContext): QueryHandlers<'downtime.reasons' | 'downtime.list'> {
  return {
    'downtime.reasons': (input) => {
      const cells = input.cell_id ? [input.cell_id] : terminalIdentity(ctx.db).cellIds;
      const usage = (order: string) =>
        sql(
          ctx.db,
          `SELECT ${REASON_COLS} FROM reason_usage u JOIN downtime_reasons r ON r.id = u.reason_id
           WHERE u.cell_id IN (SELECT value FROM json_each(?)) AND ${ACTIVE} GROUP BY r.id ORDER BY ${order} LIMIT 5`,
        ).all(JSON.stringify(cells)) as ReasonRow[];
      const groups = sql(ctx.db, 'SELECT id, name, type FROM downtime_groups WHERE deleted_at IS NULL ORDER BY sort_order, name').all() as { id: string; name: string; type: string }[];
      const reasons = sql(ctx.db, `SELECT ${REASON_COLS} FROM downtime_reasons r WHERE ${ACTIVE} ORDER BY r.name`).all() as ReasonRow[];
      return {
        recent: usage('max(u.last_used_at) DESC'),
        favourites: usage('sum(u.uses) DESC, r.name'),
        groups: groups.flatMap((g) => {
          const type = DowntimeGroupType.safeParse(g.type);
          return type.success ? [{ group_id: g.id, name: g.name, type: type.data, reasons: reasons.filter((r) => r.group_id === g.id) }] : [];
        }),
      };
    },
    'downtime.list': (input) => {
      const cells = input.cell_id ? [input.cell_id] : terminalIdentity(ctx.db).cellIds;
      const rows = sql(
        ctx.db,
        `SELECT d.id, d.cell_id, d.resource_id, d.reason_id, r.name AS reason_name, g.type AS group_type, d.source, d.note,
                d.started_at, d.ended_at, d.duration_s, d.split_from
         FROM downtime_stops d LEFT JOIN downtime_reasons r ON r.id = d.reason_id LEFT JOIN downtime_groups g ON g.id = r.group_id
         WHERE d.cell_id IN (SELECT value FROM json_each(?)) AND (? = 0 OR d.ended_at IS NULL) AND (? = 0 OR d.reason_id IS NULL)
         ORDER BY d.started_at DESC, d.id LIMIT ?`,
      ).all(JSON.stringify(cells), input.open_only ? 1 : 0, input.unexplained_only ? 1 : 0, input.limit) as {
        id: string; cell_id: string; resource_id: string | null; reason_id: string | null; reason_name: string | null; group_type: string | null;
        source: string; note: string | null; started_at: string; ended_at: string | null; duration_s: number | null; split_from: string | null;
      }[];
      const changes = sql(ctx.db, 'SELECT kind, actor_id, at, why FROM downtime_changes WHERE downtime_id = ? ORDER BY seq');
      return {
        stops: rows.map((r) => ({
          downtime_id: r.id,
          cell_id: r.cell_id,
          resource_id: r.resource_id,
          reason_id: r.reason_id,
          reason_name: r.reason_name,
          group_type: r.group_type === null ? null : DowntimeGroupType.catch('unplanned').parse(r.group_type),
          unexplained: r.reason_id === null,
          source: DowntimeSource.catch('operator').parse(r.source),
          note: r.note,
          started_at: r.started_at,
          ended_at: r.ended_at,
          duration_s: r.duration_s,
          split_from: r.split_from,
          changes: changes.all(r.id) as { kind: string; actor_id: string | null; at: string; why: string | null }[],
        })),
      };
    },
  };
}
