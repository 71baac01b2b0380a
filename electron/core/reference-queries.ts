// Reference and identity queries: terminal info, session state, the login roster, custom-field
// definitions and the pick lists (scrap reasons, issue categories).
import type { CoreContext } from './context';
import { terminalIdentity } from './context';
import type { QueryHandlers } from './handler-types';
import { customFieldDefs } from './operations/custom-fields';
import { sessionState } from './session/crew';
import { sql } from './store/statements';

export function referenceQueries(ctx: CoreContext): QueryHandlers<'terminal.info' | 'session.state' | 'session.roster' | 'custom_fields.list' | 'reference.lists'> {
  return {
    'terminal.info': () => {
      const t = terminalIdentity(ctx.db);
      const cells = sql(ctx.db, 'SELECT id AS cell_id, name FROM cells WHERE id IN (SELECT value FROM json_each(?)) AND deleted_at IS NULL ORDER BY sequence, name').all(JSON.stringify(t.cellIds)) as {
        cell_id: string; name: string;
      }[];
      return { device_id: t.deviceId, name: t.name, tenant_id: t.tenantId, cells };
    },
    'session.state': () => sessionState(ctx),
    // Selected column by column so a PIN hash can never ride along; the same rules as a login
    // (active, not a machine, has an employee id and a PIN) so every tile is someone who can log in here.
    'session.roster': (input) => ({
      people: sql(
        ctx.db,
        `SELECT id AS profile_id, employee_id, full_name, role FROM profiles
          WHERE tenant_id = ? AND active = 1 AND is_machine = 0 AND employee_id IS NOT NULL AND pin_hash IS NOT NULL AND deleted_at IS NULL
          ORDER BY COALESCE(full_name, employee_id), employee_id LIMIT ?`,
      ).all(terminalIdentity(ctx.db).tenantId, input.limit) as { profile_id: string; employee_id: string; full_name: string | null; role: string }[],
    }),
    'custom_fields.list': (input) => ({ fields: customFieldDefs(ctx.db, input.cell_id, input.phase) }),
    'reference.lists': () => ({
      scrap_reasons: sql(ctx.db, 'SELECT id, code, name FROM scrap_reasons WHERE active = 1 AND deleted_at IS NULL ORDER BY code').all() as { id: string; code: string; name: string }[],
      issue_categories: sql(ctx.db, 'SELECT id, code, name FROM issue_categories WHERE active = 1 AND deleted_at IS NULL ORDER BY code').all() as { id: string; code: string; name: string }[],
    }),
  };
}
