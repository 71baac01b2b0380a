// Checks an employee id + PIN against the offline argon2id hash, with the lockout rule. The hash
// is verified on libuv's thread pool (argon2 is async), so the core's event loop never blocks.
// A wrong PIN is a refused action that still WRITES: the failure (and, at the limit, the lockout)
// is committed as events so it survives a restart and reaches the central.
import type { CoreContext } from '../context';
import { writeTx } from '../context';
import { refuse } from '../errors';
import { findProfileByEmployee, type ProfileRow } from '../lookups';
import { verifyPin } from '../security/pin-hash';
import { record } from '../store/record';
import { lockoutStatus } from './lockout';

export interface PinFields {
  employee: string;
  pin: string;
}

export interface PinCheckOk {
  profile: ProfileRow;
  /** An admin cleared a lockout centrally; the login reports it as session.unlocked. */
  clearedCentrally: boolean;
  hadFailures: boolean;
}

export async function checkPin(ctx: CoreContext, employeeId: string, pin: string, fields: PinFields): Promise<PinCheckOk> {
  const p = findProfileByEmployee(ctx.db, employeeId);
  if (!p || !p.active) refuse('not_authenticated', `No active worker has employee id "${employeeId}".`, fields.employee);
  if (p.is_machine) refuse('forbidden', 'Machine accounts cannot log in to the terminal screen.', fields.employee);
  if (!p.pin_hash) refuse('forbidden', `${p.full_name ?? employeeId} has no PIN yet; ask a supervisor to set one.`, fields.employee);
  const before = lockoutStatus(ctx.db, p.id, ctx.clock);
  if (before.locked) lockedOut(before.until, fields.pin);

  const good = await verifyPin(p.pin_hash, pin);

  // Re-read after the await: another attempt may have landed meanwhile.
  const now = ctx.clock.wallMs();
  const st = lockoutStatus(ctx.db, p.id, ctx.clock);
  if (st.locked) lockedOut(st.until, fields.pin);
  if (good) return { profile: p, clearedCentrally: st.clearedCentrally, hadFailures: st.failures > 0 };

  const { limit, minutes } = { limit: ctx.config.session.lockout_failures, minutes: ctx.config.session.lockout_minutes };
  const failures = st.failures + 1;
  const until = new Date(now + minutes * 60_000).toISOString();
  writeTx(ctx, (w) => {
    record(w, { type: 'session.login_failed', payload: { profile_id: p.id, failures }, actorId: p.id, entityId: p.id });
    if (failures >= limit) record(w, { type: 'session.locked_out', payload: { profile_id: p.id, locked_until: until }, actorId: p.id, entityId: p.id });
  });
  if (failures >= limit) lockedOut(until, fields.pin);
  const left = limit - failures;
  return refuse('not_authenticated', `Wrong PIN. ${left} attempt${left === 1 ? '' : 's'} left before a ${minutes}-minute lockout.`, fields.pin, { attempts_left: left });
}

function lockedOut(until: string, field: string): never {
  return refuse('locked_out', `Too many wrong PINs: locked until ${until}. A supervisor can unlock it sooner.`, field, { locked_until: until });
}
