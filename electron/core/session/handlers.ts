// Session commands: login (add to crew or switch the active operator), logout, lock, and a
// supervisor's lockout clearance.
import type { CoreContext } from '../context';
import { writeTx } from '../context';
import { refuse } from '../errors';
import { findProfileByEmployee, openEntryOf } from '../lookups';
import { record } from '../store/record';
import type { CommandHandlers } from '../handler-types';
import { requireSupervisor, resolveActor } from './actor';
import { sessionState } from './crew';
import { checkPin } from './pin-check';
import { readLockout } from './lockout';

export function sessionCommands(ctx: CoreContext): CommandHandlers<'session.login' | 'session.logout' | 'session.lock' | 'session.touch' | 'session.clear_lockout'> {
  return {
    'session.login': async (input) => {
      const { profile, clearedCentrally } = await checkPin(ctx, input.employee_id, input.pin, { employee: 'employee_id', pin: 'pin' });
      const events = writeTx(ctx, (w) => {
        if (clearedCentrally && readLockout(ctx.db, profile.id)) {
          record(w, { type: 'session.unlocked', payload: { profile_id: profile.id }, actorId: profile.id, entityId: profile.id });
        }
        record(w, { type: 'session.opened', payload: { profile_id: profile.id }, actorId: profile.id, entityId: profile.id });
      }).events;
      ctx.session.activeProfileId = profile.id;
      ctx.session.locked = false;
      const state = sessionState(ctx);
      return {
        value: {
          profile: { profile_id: profile.id, employee_id: profile.employee_id, full_name: profile.full_name, role: profile.role },
          crew: state.crew.map(({ profile_id, employee_id, full_name, role }) => ({ profile_id, employee_id, full_name, role })),
          active_profile_id: profile.id,
        },
        events,
      };
    },
    'session.logout': (input) => {
      const actor = resolveActor(ctx, input.as_profile_id);
      const open = openEntryOf(ctx.db, actor.id);
      // Leaving with a running timer is how ghost timers are born: pause or complete first.
      if (open) refuse('conflict', 'You are still clocked onto an operation; pause or complete it before logging out.', undefined, { open_time_entry_id: open.id, open_operation_id: open.operation_id });
      const events = writeTx(ctx, (w) => {
        record(w, { type: 'session.closed', payload: { profile_id: actor.id, reason: 'logout' }, actorId: actor.id, entityId: actor.id });
      }).events;
      if (ctx.session.activeProfileId === actor.id) ctx.session.activeProfileId = null;
      if (!ctx.session.activeProfileId) ctx.session.locked = true;
      return { value: { profile_id: actor.id, active_profile_id: ctx.session.activeProfileId }, events };
    },
    'session.lock': () => {
      ctx.session.locked = true;
      return { value: { locked: true as const }, events: [] };
    },
    // The dispatcher stamps every acknowledged command as activity; this one does nothing else.
    'session.touch': () => ({ value: { locked: ctx.session.locked, idle_lock_s: ctx.config.session.idle_lock_minutes * 60 }, events: [] }),
    'session.clear_lockout': (input) => {
      const actor = resolveActor(ctx, input.as_profile_id);
      requireSupervisor(ctx, actor, 'clear a PIN lockout', 'employee_id');
      const target = findProfileByEmployee(ctx.db, input.employee_id);
      if (!target) refuse('not_found', `No worker has employee id "${input.employee_id}".`, 'employee_id');
      if (!readLockout(ctx.db, target.id)) refuse('conflict', `${target.full_name ?? input.employee_id} is not locked out.`, 'employee_id');
      const events = writeTx(ctx, (w) => {
        record(w, { type: 'session.unlocked', payload: { profile_id: target.id }, actorId: actor.id, entityId: target.id });
      }).events;
      return { value: { profile_id: target.id }, events };
    },
  };
}
