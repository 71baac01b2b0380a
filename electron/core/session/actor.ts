// Who a command acts as: the active operator, or a crew member named by `as_profile_id`. Refused
// while the screen is locked (a PIN first), and role checks for supervisor-only actions.
import type { CoreContext } from '../context';
import { refuse } from '../errors';
import { findProfile, type ProfileRow } from '../lookups';
import { isInCrew } from './crew';

export function resolveActor(ctx: CoreContext, asProfileId?: string): ProfileRow {
  if (ctx.session.locked || !ctx.session.activeProfileId) {
    refuse('not_authenticated', 'The terminal is locked: enter your employee id and PIN first.');
  }
  const id = asProfileId ?? ctx.session.activeProfileId;
  if (asProfileId && !isInCrew(ctx, asProfileId)) refuse('forbidden', 'That person is not logged in at this terminal; they must log in with their PIN first.', 'as_profile_id');
  const p = findProfile(ctx.db, id);
  if (!p || !p.active) refuse('not_authenticated', 'This profile is no longer active; log in again.', asProfileId ? 'as_profile_id' : undefined);
  return p;
}

export const SUPERVISOR_ROLES = ['supervisor', 'admin'] as const;

export function isSupervisor(p: ProfileRow): boolean {
  return (SUPERVISOR_ROLES as readonly string[]).includes(p.role);
}

/**
 * Refuses a supervisor-only action unless `actor` is a supervisor AND is the person at the screen.
 * Supervisor authority is never borrowed: a supervisor who logged in once stays in the crew after
 * the operator switches back, so `as_profile_id` naming them must not carry their role (the audit
 * would record the supervisor for an operator's act). They switch in with their own PIN instead.
 * `field` is the input that makes the action supervisor-only.
 */
export function requireSupervisor(ctx: CoreContext, actor: ProfileRow, action: string, field: string): void {
  if (!isSupervisor(actor)) refuse('forbidden', `Only a supervisor can ${action}; ${actor.full_name ?? 'this operator'} is logged in as ${actor.role}.`, field);
  if (actor.id !== ctx.session.activeProfileId) {
    refuse('forbidden', `Only the supervisor at the screen can ${action}: ${actor.full_name ?? 'they'} must switch in with their own PIN first.`, 'as_profile_id');
  }
}
