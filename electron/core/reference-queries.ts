// Reference and identity queries: terminal info, session state, custom-field definitions and the
// pick lists (scrap reasons, issue categories).
import type { CoreContext } from './context';
import { terminalIdentity } from './context';
import type { QueryHandlers } from './handler-types';
import { customFieldDefs } from './operations/custom-fields';
import { sessionState } from './session/crew';
import { sql } from './store/statements';

export function referenceQueries(ctx: CoreContext): QueryHandlers<'terminal.info' | 'session.state' | 'custom_fields.list' | 'reference.lists'> {
  return {
    'terminal.info': () => {
      const t = terminalIdentity(ctx.db);
      const cells = sql(ctx.db, 'SELECT id AS cell_id, name FROM cells WHERE id IN (SELECT value FROM json_each(?)) AND deleted_at IS NULL ORDER BY sequence, name').all(JSON.stringify(t.cellIds)) as {
        cell_id: string; name: string;
      }[];
      return { device_id: t.deviceId, name: t.name, tenant_id: t.tenantId, cells };
    },
    'session.state': () => sessionState(ctx),
    'custom_fields.list': (input) => ({ fields: customFieldDefs(ctx.db, input.cell_id, input.phase) }),
    'reference.lists': () => ({
      scrap_reasons: sql(ctx.db, 'SELECT id, code, name FROM scrap_reasons WHERE active = 1 AND deleted_at IS NULL ORDER BY code').all() as { id: string; code: string; name: string }[],
      issue_categories: sql(ctx.db, 'SELECT id, code, name FROM issue_categories WHERE active = 1 AND deleted_at IS NULL ORDER BY code').all() as { id: string; code: string; name: string }[],
    }),
  };
}
