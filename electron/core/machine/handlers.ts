// The machine area's query handlers, as a map the core's dispatcher takes: 'oee.live',
// 'machine.unexplained_stops' and 'machine.status' (shared/contract/machine-api.ts).
import type Database from 'better-sqlite3';
import type { machineQueries } from '../../../shared/contract/machine-api';
import type { QueryHandlerMap } from '../handler-types';
import { liveOee, type LiveOeeDeps } from '../oee/live-oee';
import type { MachineService } from './service';
import { sql } from '../store/statements';

export function machineQueryHandlers(deps: LiveOeeDeps & { service: () => MachineService | null }): QueryHandlerMap<typeof machineQueries> {
  const db: Database.Database = deps.db;
  return {
    'oee.live': (input) => ({ cells: liveOee(deps, input) }),
    'machine.unexplained_stops': () => ({ stops: deps.service()?.watcher.unexplained() ?? [] }),
    'machine.status': () => {
      const svc = deps.service();
      const cells = deps.terminalCells();
      const resources = (
        sql(db, 
            `SELECT r.id AS resource_id, r.name, r.cell_id, s.last_count_at, s.last_counter
               FROM resources r LEFT JOIN machine_resource_state s ON s.resource_id = r.id
              WHERE r.deleted_at IS NULL AND r.active = 1 AND r.cell_id IS NOT NULL ORDER BY r.name`,
          )
          .all() as { resource_id: string; name: string; cell_id: string; last_count_at: string | null; last_counter: number | null }[]
      ).filter((r) => !cells || cells.includes(r.cell_id));
      return {
        api_url: svc?.http?.url ?? null,
        mqtt: { enabled: svc?.mqtt !== null && svc?.mqtt !== undefined, connected: svc?.mqtt?.connected ?? false },
        resources,
      };
    },
  };
}
