// The crew at this terminal and the session state the UI shows.
import type { SessionState } from '../../../shared/contract/core-queries';
import type { CoreContext } from '../context';
import { sql } from '../store/statements';

/** The crew is listed in login order. Logins in the same millisecond keep the order they were
 *  recorded in (rowid: insertion order, the same after a rebuild, which replays in device order). */
const CREW_ORDER = 'c.opened_at, c.rowid';

export function crewIds(ctx: CoreContext): string[] {
  return (sql(ctx.db, `SELECT c.profile_id FROM crew_sessions c ORDER BY ${CREW_ORDER}`).all() as { profile_id: string }[]).map((r) => r.profile_id);
}

export function isInCrew(ctx: CoreContext, profileId: string): boolean {
  return sql(ctx.db, 'SELECT 1 FROM crew_sessions WHERE profile_id = ?').get(profileId) !== undefined;
}

export function sessionState(ctx: CoreContext): SessionState {
  const crew = sql(
    ctx.db,
    `SELECT c.profile_id, p.employee_id, p.full_name, coalesce(p.role, 'operator') AS role, t.id AS open_time_entry_id, t.operation_id AS open_operation_id
     FROM crew_sessions c LEFT JOIN profiles p ON p.id = c.profile_id
     LEFT JOIN time_entries_local t ON t.profile_id = c.profile_id AND t.ended_at IS NULL
     ORDER BY ${CREW_ORDER}`,
  ).all() as SessionState['crew'];
  return { crew, active_profile_id: ctx.session.activeProfileId, locked: ctx.session.locked };
}
