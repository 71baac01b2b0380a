// PIN sessions on a real SQLite file: login and crew switching, malformed PINs, machine accounts,
// lockout after 5 failures and its expiry across a restart, a supervisor's and a central admin's
// unlock, and the idle lock that keeps the crew and every running timer.
import { afterAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../electron/core/clock';
import { cleanTempDirs } from '../support/tmp';
import { PINS } from '../support/local-fixtures';
import { harness, refused, value } from './harness';

afterAll(cleanTempDirs);

describe('PIN sessions', () => {
  it('logs in by employee id + PIN, builds a crew, and switches the active operator by PIN', async () => {
    const h = await harness();
    const pushes: string[] = [];
    h.core.onPush((name) => pushes.push(name));
    refused(await h.core.command('operation.start', { operation_id: h.fx.ops[0] }), 'not_authenticated');
    const a = value(await h.core.command('session.login', { employee_id: h.fx.employees.op1, pin: PINS.op1 }));
    expect(a.profile.role).toBe('operator');
    const b = value(await h.core.command('session.login', { employee_id: h.fx.employees.op2, pin: PINS.op2 }));
    expect(b.crew.map((c) => c.profile_id)).toEqual([h.fx.profiles.op1, h.fx.profiles.op2]);
    expect(b.active_profile_id).toBe(h.fx.profiles.op2);
    value(await h.core.command('session.login', { employee_id: h.fx.employees.op1, pin: PINS.op1 }));
    const st = value(await h.core.query('session.state', {}));
    expect(st).toMatchObject({ active_profile_id: h.fx.profiles.op1, locked: false });
    expect(st.crew).toHaveLength(2);
    expect(pushes).toContain('session.changed');
    expect(pushes).toContain('data.changed');
    // A PIN is never stored or sent: not in any event.
    const payloads = (h.db.prepare('SELECT payload FROM outbox').all() as { payload: string }[]).map((r) => r.payload).join();
    expect(payloads).not.toContain(PINS.op1);
  });

  it('refuses a malformed PIN with the field and writes nothing', async () => {
    const h = await harness();
    for (const pin of ['12', 'abcd', '1234567', '']) {
      refused(await h.core.command('session.login', { employee_id: h.fx.employees.op1, pin }), 'validation', 'pin');
    }
    refused(await h.core.command('session.login', { employee_id: '', pin: '1234' }), 'validation', 'employee_id');
    refused(await h.core.command('session.login', { employee_id: 'NOPE', pin: '1234' }), 'not_authenticated', 'employee_id');
    expect(h.outboxCount()).toBe(0);
  });

  it('machine accounts cannot log in to the UI', async () => {
    const h = await harness();
    refused(await h.core.command('session.login', { employee_id: h.fx.employees.machine, pin: '4444' }), 'forbidden', 'employee_id');
    expect(h.outboxCount()).toBe(0);
  });

  it('locks out after 5 wrong PINs for 15 minutes, across a restart, then lets the right PIN in', async () => {
    const h = await harness();
    const emp = h.fx.employees.op1;
    const changes: string[][] = [];
    h.core.subscribe('data.changed', (p) => changes.push(p.areas));
    for (let i = 1; i <= 4; i++) {
      const msg = refused(await h.core.command('session.login', { employee_id: emp, pin: '0000' }), 'not_authenticated', 'pin');
      expect(msg).toContain(`${5 - i} attempt`);
    }
    refused(await h.core.command('session.login', { employee_id: emp, pin: '0000' }), 'locked_out', 'pin');
    const types = (h.db.prepare('SELECT type FROM outbox ORDER BY device_seq').all() as { type: string }[]).map((r) => r.type);
    expect(types).toEqual([...Array(5).fill('session.login_failed'), 'session.locked_out']);
    // Refused, but recorded: the UI and sync are told, so the failures reach the central.
    expect(changes).toEqual(Array(5).fill(['session']));
    // Even the right PIN is refused while locked, and nothing new is written.
    refused(await h.core.command('session.login', { employee_id: emp, pin: PINS.op1 }), 'locked_out', 'pin');
    expect(h.outboxCount()).toBe(6);

    // Restart 10 minutes later (new boot): still locked.
    const c2 = manualClock(h.clock.wallMs() + 10 * 60_000);
    const h2 = h.reopen(c2);
    const r = await h2.core.command('session.login', { employee_id: emp, pin: PINS.op1 });
    refused(r, 'locked_out', 'pin');
    if (!r.ok) expect(typeof r.error.detail?.locked_until).toBe('string');
    // Another restart after the 15 minutes: the right PIN works and clears the counter.
    const h3 = h2.reopen(manualClock(c2.wallMs() + 6 * 60_000));
    value(await h3.core.command('session.login', { employee_id: emp, pin: PINS.op1 }));
    expect(h3.db.prepare('SELECT count(*) AS n FROM pin_lockouts').get()).toEqual({ n: 0 });
  });

  it('a wall-clock step neither frees nor stretches a lockout: it runs on the monotonic clock', async () => {
    const h = await harness();
    const emp = h.fx.employees.op1;
    const lockOut = async () => {
      for (let i = 0; i < 5; i++) await h.core.command('session.login', { employee_id: emp, pin: '0000' });
    };
    await lockOut();
    h.clock.advance(60_000);
    h.clock.jumpWall(3_600_000); // NTP moves the wall clock an hour ahead
    const r = await h.core.command('session.login', { employee_id: emp, pin: PINS.op1 });
    refused(r, 'locked_out', 'pin');
    // The lockout ends 14 minutes from now on today's wall clock, not at the old wall time.
    if (!r.ok) expect(Date.parse(r.error.detail?.locked_until as string)).toBe(h.clock.wallMs() + 14 * 60_000);
    h.clock.advance(14 * 60_000);
    value(await h.core.command('session.login', { employee_id: emp, pin: PINS.op1 }));

    await lockOut();
    h.clock.jumpWall(-3_600_000); // and back an hour
    h.clock.advance(14 * 60_000);
    refused(await h.core.command('session.login', { employee_id: emp, pin: PINS.op1 }), 'locked_out', 'pin');
    h.clock.advance(60_000); // 15 minutes measured: over, although the wall clock says 45 minutes early
    value(await h.core.command('session.login', { employee_id: emp, pin: PINS.op1 }));
  });

  it('a supervisor can clear a lockout (session.unlocked); an operator cannot', async () => {
    const h = await harness();
    for (let i = 0; i < 5; i++) await h.core.command('session.login', { employee_id: h.fx.employees.op2, pin: '0000' });
    await h.login('op1');
    refused(await h.core.command('session.clear_lockout', { employee_id: h.fx.employees.op2 }), 'forbidden');
    await h.login('supervisor');
    value(await h.core.command('session.clear_lockout', { employee_id: h.fx.employees.op2 }));
    expect(h.core.lastEvents().map((e) => e.type)).toEqual(['session.unlocked']);
    await h.login('op2');
  });

  it("honours the central profiles.lockout_cleared_at (an admin unlock) when the column exists", async () => {
    const h = await harness();
    for (let i = 0; i < 5; i++) await h.core.command('session.login', { employee_id: h.fx.employees.op3, pin: '0000' });
    refused(await h.core.command('session.login', { employee_id: h.fx.employees.op3, pin: PINS.op3 }), 'locked_out');
    h.db.exec('ALTER TABLE profiles ADD COLUMN lockout_cleared_at TEXT');
    h.db.prepare('UPDATE profiles SET lockout_cleared_at = ? WHERE id = ?').run(new Date(h.clock.wallMs() + 1000).toISOString(), h.fx.profiles.op3);
    const h2 = h.reopen(); // a fresh core sees the pulled column
    value(await h2.core.command('session.login', { employee_id: h.fx.employees.op3, pin: PINS.op3 }));
    expect(h2.core.lastEvents().map((e) => e.type)).toEqual(['session.unlocked', 'session.opened']);
  });

  it('idle lock after the timeout (15 minutes unless configured) keeps the crew and running timers; a PIN unlocks', async () => {
    const quick = await harness({ session: { idle_lock_minutes: 5 } });
    await quick.login('op1');
    quick.clock.advance(5 * 60_000);
    expect(quick.core.checkIdle()).toBe(true);
    const h = await harness(); // the default timeout
    const locks: unknown[] = [];
    h.core.subscribe('session.locked', (p) => locks.push(p));
    await h.login('op1');
    const s = value(await h.core.command('operation.start', { operation_id: h.fx.ops[0] }));
    h.clock.advance(14 * 60_000);
    expect(h.core.checkIdle()).toBe(false);
    h.clock.advance(60_000);
    expect(h.core.checkIdle()).toBe(true);
    expect(locks).toEqual([{ reason: 'idle' }]);
    refused(await h.core.command('operation.pause', { operation_id: h.fx.ops[0], reason: 'x' }), 'not_authenticated');
    const st = value(await h.core.query('session.state', {}));
    expect(st.locked).toBe(true);
    expect(st.crew[0]).toMatchObject({ profile_id: h.fx.profiles.op1, open_time_entry_id: s.time_entry_id });
    await h.login('op1');
    const p = value(await h.core.command('operation.pause', { operation_id: h.fx.ops[0], reason: 'x' }));
    expect(p.duration_s).toBe(900); // the timer kept running through the lock
  });

  it('a touch (taps without a command) resets the idle timer, writes nothing and never unlocks', async () => {
    const h = await harness({ session: { idle_lock_minutes: 15 } });
    const changes: unknown[] = [];
    await h.login('op1');
    h.core.subscribe('session.changed', (p) => changes.push(p));
    const outboxBefore = (h.db.prepare('SELECT COUNT(*) AS n FROM outbox').get() as { n: number }).n;
    h.clock.advance(14 * 60_000);
    expect(value(await h.core.command('session.touch', {}))).toEqual({ locked: false, idle_lock_s: 900 });
    h.clock.advance(14 * 60_000); // 28 minutes since the login, 14 since the touch
    expect(h.core.checkIdle()).toBe(false);
    h.clock.advance(60_000);
    expect(h.core.checkIdle()).toBe(true);
    // once locked, activity on the lock screen does not open it: only a PIN does
    expect(value(await h.core.command('session.touch', {}))).toMatchObject({ locked: true });
    expect(value(await h.core.query('session.state', {})).locked).toBe(true);
    expect((h.db.prepare('SELECT COUNT(*) AS n FROM outbox').get() as { n: number }).n).toBe(outboxBefore);
    expect(changes).toHaveLength(1); // the idle lock's, none for the touches
  });

  it('logout is refused while clocked on, and removes the crew member otherwise', async () => {
    const h = await harness();
    await h.login('op1');
    value(await h.core.command('operation.start', { operation_id: h.fx.ops[0] }));
    refused(await h.core.command('session.logout', {}), 'conflict');
    value(await h.core.command('operation.pause', { operation_id: h.fx.ops[0], reason: 'end of shift' }));
    value(await h.core.command('session.logout', {}));
    const st = value(await h.core.query('session.state', {}));
    expect(st).toMatchObject({ crew: [], active_profile_id: null, locked: true });
  });
});

describe('sessions across a restart', () => {
  it('keeps the crew and their running timers, but asks for a PIN before acting', async () => {
    const h = await harness();
    await h.login('op1');
    // The crew is listed in login order; on a frozen manual clock both logins would tie and the
    // order would fall to the (random-suffixed) profile ids.
    h.clock.advance(1000);
    await h.login('op2');
    const s = value(await h.core.command('operation.start', { operation_id: h.fx.ops[0] }));
    const h2 = h.reopen();
    const st = value(await h2.core.query('session.state', {}));
    expect(st).toMatchObject({ active_profile_id: null, locked: true });
    expect(st.crew.map((c) => [c.profile_id, c.open_time_entry_id])).toEqual([[h.fx.profiles.op1, null], [h.fx.profiles.op2, s.time_entry_id]]);
    refused(await h2.core.command('operation.pause', { operation_id: h.fx.ops[0], reason: 'x', as_profile_id: h.fx.profiles.op2 }), 'not_authenticated');
    await h2.login('op1');
    value(await h2.core.command('operation.pause', { operation_id: h.fx.ops[0], reason: 'x', as_profile_id: h.fx.profiles.op2 }));
  });
});

describe('PIN hashing off the event loop', () => {
  it('timers keep firing while a PIN is being verified', async () => {
    const h = await harness();
    let resolved = false;
    let tickedWhileVerifying = false;
    const timer = setInterval(() => {
      if (!resolved) tickedWhileVerifying = true;
    }, 1);
    const login = h.core.command('session.login', { employee_id: h.fx.employees.op1, pin: PINS.op1 }).then((r) => {
      resolved = true;
      return r;
    });
    value(await login);
    clearInterval(timer);
    // argon2 runs on the thread pool: a synchronous hash would finish before any timer could fire.
    expect(tickedWhileVerifying).toBe(true);
  });
});
