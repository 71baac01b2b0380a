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

export function requireSupervisor(p: ProfileRow, action: string, field?: string): void {
  if (!isSupervisor(p)) refuse('forbidden', `Only a supervisor can ${action}; ${p.full_name ?? 'this operator'} is logged in as ${p.role}.`, field);
}
