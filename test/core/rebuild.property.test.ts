// Property (fast-check): for any random sequence of commands, clock advances and wall-clock jumps,
// (1) every acknowledged command has exactly the events it says it committed (one, except
// start/resume with pause_current, which commits operation.paused + operation.started/resumed,
// and session.lock and session.touch, which commit none), every refused one commits none; and (2) rebuilding the
// projections from the outbox gives exactly the live projection state, queue included, also after
// sync cycles whose pulled rows settled the local status overlay (db/local 021).
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanTempDirs } from '../support/tmp';
import { PINS } from '../support/local-fixtures';
import { dumpState, harness, markAllSent, pullOperation, type Harness } from './harness';

afterAll(cleanTempDirs);

type Who = 'op1' | 'op2' | 'supervisor';
type Step =
  | { k: 'login'; who: Who }
  | { k: 'bad_login'; who: Who }
  | { k: 'lockout'; who: Who }
  | { k: 'logout' }
  | { k: 'clear'; who: Who }
  | { k: 'dt_edit'; pick: number; back: number }
  | { k: 'start'; op: number; pause: boolean; as: Who | null }
  | { k: 'resume'; op: number; pause: boolean }
  | { k: 'pause'; op: number }
  | { k: 'complete'; op: number; good: number; scrap: number }
  | { k: 'report'; op: number; good: number; scrap: number; rework: number; produced: number | null }
  | { k: 'dt_start'; reason: number | null }
  | { k: 'dt_end'; pick: number }
  | { k: 'dt_cat'; pick: number; reason: number }
  | { k: 'dt_split'; pick: number; at: number }
  | { k: 'issue'; op: number; standstill: boolean }
  | { k: 'issue_status'; pick: number; status: 'approved' | 'closed' | 'pending' }
  | { k: 'note' }
  | { k: 'lock' }
  | { k: 'touch' }
  | { k: 'sweep' }
  | { k: 'ghost' }
  | { k: 'review'; pick: number; lower: boolean }
  | { k: 'advance'; ms: number }
  | { k: 'jump'; ms: number }
  | { k: 'sync'; op: number; status: 'not_started' | 'in_progress' | 'completed' | 'on_hold' };

const who = fc.constantFrom<Who>('op1', 'op2', 'supervisor', 'supervisor');
// Mostly the ready operations (index 0 and 3); 1 and 2 are later routing steps.
const opIx = fc.constantFrom(0, 0, 0, 3, 3, 1, 2);
const step: fc.Arbitrary<Step> = fc.oneof(
  { arbitrary: fc.record({ k: fc.constant('login' as const), who }), weight: 2 },
  { arbitrary: fc.record({ k: fc.constant('bad_login' as const), who }), weight: 2 },
  { arbitrary: fc.record({ k: fc.constant('lockout' as const), who }), weight: 1 },
  { arbitrary: fc.record({ k: fc.constant('logout' as const) }), weight: 1 },
  { arbitrary: fc.record({ k: fc.constant('clear' as const), who }), weight: 1 },
  { arbitrary: fc.record({ k: fc.constant('dt_edit' as const), pick: fc.nat(), back: fc.integer({ min: 1, max: 600 }) }), weight: 1 },
  { arbitrary: fc.record({ k: fc.constant('start' as const), op: opIx, pause: fc.boolean(), as: fc.constantFrom<Who | null>(null, null, null, null, 'op2', 'supervisor') }), weight: 6 },
  { arbitrary: fc.record({ k: fc.constant('resume' as const), op: opIx, pause: fc.boolean() }), weight: 4 },
  { arbitrary: fc.record({ k: fc.constant('pause' as const), op: opIx }), weight: 5 },
  { arbitrary: fc.record({ k: fc.constant('complete' as const), op: opIx, good: fc.integer({ min: 0, max: 5 }), scrap: fc.integer({ min: 0, max: 2 }) }), weight: 2 },
  { arbitrary: fc.record({ k: fc.constant('report' as const), op: opIx, good: fc.integer({ min: -1, max: 5 }), scrap: fc.integer({ min: 0, max: 3 }), rework: fc.integer({ min: 0, max: 2 }), produced: fc.option(fc.integer({ min: 0, max: 12 }), { nil: null }) }), weight: 3 },
  { arbitrary: fc.record({ k: fc.constant('dt_start' as const), reason: fc.option(fc.integer({ min: 0, max: 3 }), { nil: null }) }), weight: 2 },
  { arbitrary: fc.record({ k: fc.constant('dt_end' as const), pick: fc.nat() }), weight: 2 },
  { arbitrary: fc.record({ k: fc.constant('dt_cat' as const), pick: fc.nat(), reason: fc.integer({ min: 0, max: 3 }) }), weight: 2 },
  { arbitrary: fc.record({ k: fc.constant('dt_split' as const), pick: fc.nat(), at: fc.integer({ min: 1, max: 400 }) }), weight: 2 },
  { arbitrary: fc.record({ k: fc.constant('issue' as const), op: opIx, standstill: fc.boolean() }), weight: 2 },
  { arbitrary: fc.record({ k: fc.constant('issue_status' as const), pick: fc.nat(), status: fc.constantFrom('approved' as const, 'closed' as const, 'pending' as const) }), weight: 2 },
  { arbitrary: fc.record({ k: fc.constant('note' as const) }), weight: 1 },
  { arbitrary: fc.record({ k: fc.constant('lock' as const) }), weight: 1 },
  { arbitrary: fc.record({ k: fc.constant('touch' as const) }), weight: 1 },
  { arbitrary: fc.record({ k: fc.constant('sweep' as const) }), weight: 1 },
  { arbitrary: fc.record({ k: fc.constant('ghost' as const) }), weight: 2 },
  { arbitrary: fc.record({ k: fc.constant('review' as const), pick: fc.nat(5), lower: fc.boolean() }), weight: 3 },
  { arbitrary: fc.record({ k: fc.constant('advance' as const), ms: fc.integer({ min: 1, max: 4 * 3_600_000 }) }), weight: 3 },
  { arbitrary: fc.record({ k: fc.constant('jump' as const), ms: fc.integer({ min: -3_600_000, max: 3_600_000 }) }), weight: 1 },
  // A sync cycle: everything is pushed, then the central's newer row of one operation is pulled
  // (a supervisor or another terminal changed it), which settles the local status overlay.
  { arbitrary: fc.record({ k: fc.constant('sync' as const), op: opIx, status: fc.constantFrom('not_started' as const, 'in_progress' as const, 'completed' as const, 'on_hold' as const) }), weight: 2 },
);

async function apply(h: Harness, s: Step, stops: string[], issues: string[]): Promise<{ ok: boolean; expected: number | null }> {
  const ops = [...h.fx.ops, h.fx.otherOp];
  const reasons = Object.values(h.fx.reasons);
  const pick = <T>(xs: T[], i: number) => (xs.length ? xs[i % xs.length]! : undefined);
  const c = h.core;
  switch (s.k) {
    case 'login': {
      const r = await c.command('session.login', { employee_id: h.fx.employees[s.who], pin: PINS[s.who] });
      return { ok: r.ok, expected: 1 };
    }
    case 'start': {
      const as = s.as ? h.fx.profiles[s.as] : undefined;
      const r = await c.command('operation.start', { operation_id: ops[s.op]!, pause_current: s.pause, ...(as ? { as_profile_id: as } : {}) });
      return { ok: r.ok, expected: r.ok ? (r.value.paused_time_entry_id ? 2 : 1) : 0 };
    }
    case 'resume': {
      const inProgress = (h.db.prepare("SELECT operation_id FROM op_state WHERE status = 'in_progress' ORDER BY operation_id").all() as { operation_id: string }[]).map((r) => r.operation_id);
      const r = await c.command('operation.resume', { operation_id: pick(inProgress, s.op) ?? ops[s.op]!, pause_current: s.pause });
      return { ok: r.ok, expected: r.ok ? (r.value.paused_time_entry_id ? 2 : 1) : 0 };
    }
    case 'pause': {
      // Usually the operation the active operator is clocked onto, so pauses mostly succeed.
      const open = h.db.prepare('SELECT operation_id FROM time_entries_local WHERE ended_at IS NULL AND profile_id = ?').get(c.ctx.session.activeProfileId ?? '') as { operation_id: string } | undefined;
      const target = s.op === 1 || !open ? ops[s.op]! : open.operation_id;
      return { ok: (await c.command('operation.pause', { operation_id: target, reason: 'break' })).ok, expected: 1 };
    }
    case 'complete': {
      const inProgress = (h.db.prepare("SELECT operation_id FROM op_state WHERE status = 'in_progress' ORDER BY operation_id").all() as { operation_id: string }[]).map((r) => r.operation_id);
      return { ok: (await c.command('operation.complete', { operation_id: pick(inProgress, s.op) ?? ops[s.op]!, ...(s.good + s.scrap > 0 ? { quantities: { good: s.good, scrap: s.scrap, rework: 0, scrap_reasons: [] } } : {}) })).ok, expected: 1 };
    }
    case 'report':
      return { ok: (await c.command('quantity.report', { operation_id: ops[s.op]!, good: s.good, scrap: s.scrap, rework: s.rework, scrap_reasons: [], ...(s.produced !== null ? { produced: s.produced } : {}) })).ok, expected: 1 };
    case 'dt_start': {
      const r = await c.command('downtime.start', { cell_id: h.fx.cellA, ...(s.reason !== null ? { reason_id: reasons[s.reason]! } : {}) });
      if (r.ok) stops.push(r.value.downtime_id);
      return { ok: r.ok, expected: 1 };
    }
    case 'dt_end': {
      const open = (h.db.prepare('SELECT id FROM downtime_stops WHERE ended_at IS NULL ORDER BY id').all() as { id: string }[]).map((r) => r.id);
      const id = pick(open, s.pick) ?? pick(stops, s.pick);
      if (!id) return { ok: false, expected: 0 };
      return { ok: (await c.command('downtime.end', { downtime_id: id })).ok, expected: 1 };
    }
    case 'dt_cat': {
      const id = pick(stops, s.pick);
      if (!id) return { ok: false, expected: 0 };
      return { ok: (await c.command('downtime.categorise', { downtime_id: id, reason_id: reasons[s.reason]!, why: 'random' })).ok, expected: 1 };
    }
    case 'bad_login':
      // Refused, yet recorded: session.login_failed, and session.locked_out at the limit.
      return { ok: (await c.command('session.login', { employee_id: h.fx.employees[s.who], pin: '000000' })).ok, expected: null };
    case 'lockout': {
      // Five wrong PINs in a row: the run of failures ends in session.locked_out.
      for (let i = 0; i < 5; i++) await c.command('session.login', { employee_id: h.fx.employees[s.who], pin: '000000' });
      return { ok: false, expected: null };
    }
    case 'logout':
      return { ok: (await c.command('session.logout', {})).ok, expected: 1 };
    case 'clear':
      return { ok: (await c.command('session.clear_lockout', { employee_id: h.fx.employees[s.who] })).ok, expected: 1 };
    case 'dt_edit': {
      // A supervisor moves a past stop's end earlier (within the stop).
      const ended = h.db.prepare('SELECT id, started_at, ended_at FROM downtime_stops WHERE ended_at IS NOT NULL ORDER BY id').all() as { id: string; started_at: string; ended_at: string }[];
      const st = pick(ended, s.pick);
      if (!st) return { ok: false, expected: 0 };
      const end = Math.max(Date.parse(st.started_at) + 1000, Date.parse(st.ended_at) - s.back * 1000);
      return { ok: (await c.command('downtime.edit', { downtime_id: st.id, ended_at: new Date(end).toISOString(), why: 'random' })).ok, expected: 1 };
    }
    case 'dt_split': {
      const id = pick(stops, s.pick);
      if (!id) return { ok: false, expected: 0 };
      const r = await c.command('downtime.split', { downtime_id: id, at_offset_s: s.at, why: 'random' });
      if (r.ok) stops.push(r.value.new_downtime_id);
      return { ok: r.ok, expected: 1 };
    }
    case 'issue': {
      const r = await c.command('issue.report', { operation_id: ops[s.op]!, severity: 'medium', description: 'random', causes_standstill: s.standstill });
      if (r.ok) issues.push(r.value.issue_id);
      return { ok: r.ok, expected: 1 };
    }
    case 'issue_status': {
      const id = pick(issues, s.pick);
      if (!id) return { ok: false, expected: 0 };
      return { ok: (await c.command('issue.set_status', { issue_id: id, status: s.status })).ok, expected: 1 };
    }
    case 'note':
      return { ok: (await c.command('note.add', { cell_id: h.fx.cellA, text: 'handover' })).ok, expected: 1 };
    case 'lock':
      return { ok: (await c.command('session.lock', {})).ok, expected: 0 };
    case 'touch':
      return { ok: (await c.command('session.touch', {})).ok, expected: 0 };
    case 'sweep': {
      const r = c.sweepGhostTimers();
      return { ok: true, expected: r.closed.length };
    }
    case 'ghost': {
      // Everyone goes home with their timers running: past the 6 h limit, the sweep closes them.
      h.clock.advance(7 * 3_600_000);
      return { ok: true, expected: c.sweepGhostTimers().closed.length };
    }
    case 'review': {
      // A swept entry, confirmed or lowered (only a supervisor at the screen may).
      const swept = h.db.prepare('SELECT operation_id, id, duration_s FROM time_entries_local WHERE needs_review = 1 ORDER BY id').all() as { operation_id: string; id: string; duration_s: number }[];
      const e = pick(swept, s.pick);
      if (!e) return { ok: false, expected: 0 };
      const lowered = s.lower ? { duration_s: Math.floor(e.duration_s / 2), why: 'left early' } : {};
      return { ok: (await c.command('time_entry.review', { operation_id: e.operation_id, time_entry_id: e.id, ...lowered })).ok, expected: 1 };
    }
    case 'advance':
      h.clock.advance(s.ms);
      return { ok: true, expected: 0 };
    case 'jump':
      h.clock.jumpWall(s.ms);
      return { ok: true, expected: 0 };
    case 'sync': {
      markAllSent(h.db);
      pullOperation(h.db, ops[s.op]!, s.status);
      return { ok: true, expected: 0 };
    }
  }
}

/** Audit (issue 3, item 9): every event of an acknowledged command carries who acted (the active
 *  operator, the crew member named by `as`, or the person logging in), this terminal, the device's
 *  wall time and a monotonic reading from this boot, in the envelope and in the outbox row. */
function expectAuditStamps(h: Harness, s: Step, activeBefore: string | null): void {
  const actor = s.k === 'login' ? h.fx.profiles[s.who] : s.k === 'start' && s.as ? h.fx.profiles[s.as] : activeBefore;
  expect(actor, s.k).toBeTruthy();
  const stored = h.db.prepare('SELECT device_seq, actor_id, occurred_at, mono_ms, boot_id FROM outbox ORDER BY device_seq DESC LIMIT ?').all(h.core.lastEvents().length);
  const stamps = (e: { device_seq: number; actor_id: string | null; occurred_at: string; mono_ms: number; boot_id: string }) => [e.device_seq, e.actor_id, e.occurred_at, e.mono_ms, e.boot_id];
  const expected = [new Date(h.clock.wallMs()).toISOString(), h.clock.monoMs(), h.clock.bootId];
  for (const e of h.core.lastEvents()) {
    expect([e.device_id, e.actor_id, e.occurred_at, e.mono_ms, e.boot_id], s.k).toEqual([h.fx.deviceId, actor, ...expected]);
  }
  expect(stored.map((r) => stamps(r as Parameters<typeof stamps>[0])).reverse(), s.k).toEqual(h.core.lastEvents().map(stamps));
}

describe('projection rebuild property', () => {
  it('rebuild from the outbox equals the live projections; each acknowledged command commits exactly its events', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 5, maxLength: 60, size: 'medium' }), async (steps) => {
        const h = await harness({ timers: { ghost_timer_hours: 6 } });
        try {
          await h.login('op1');
          const stops: string[] = [];
          const issues: string[] = [];
          for (const s of steps) {
            const before = h.outboxCount();
            const activeBefore = h.core.ctx.session.activeProfileId;
            const r = await apply(h, s, stops, issues);
            const delta = h.outboxCount() - before;
            if (s.k === 'sweep' || s.k === 'ghost' || s.k === 'advance' || s.k === 'jump' || s.k === 'sync') expect(delta).toBe(r.expected);
            else if (r.ok) {
              expect(delta, s.k).toBe(r.expected);
              expect(h.core.lastEvents().length, s.k).toBe(delta);
              if (delta > 0) expectAuditStamps(h, s, activeBefore);
            } else if (s.k === 'bad_login' || s.k === 'lockout') {
              // Wrong PINs are refused, yet recorded; once locked out, nothing more is.
              const added = (h.db.prepare('SELECT type FROM outbox WHERE device_seq > ? ORDER BY device_seq').all(before) as { type: string }[]).map((x) => x.type);
              expect(added.every((t, i) => t === 'session.login_failed' || (t === 'session.locked_out' && i === added.length - 1))).toBe(true);
              if (s.k === 'lockout') expect(h.db.prepare('SELECT locked_until FROM pin_lockouts WHERE profile_id = ?').get(h.fx.profiles[s.who])).toMatchObject({ locked_until: expect.any(String) });
            } else expect(delta, `refused ${s.k}`).toBe(0);
          }
          const live = dumpState(h.db);
          h.core.rebuildProjections();
          expect(dumpState(h.db)).toEqual(live);
          // Never two open entries for one operator.
          const dup = h.db.prepare('SELECT profile_id FROM time_entries_local WHERE ended_at IS NULL GROUP BY profile_id HAVING count(*) > 1').all();
          expect(dup).toEqual([]);
        } finally {
          h.core.close();
          h.db.close();
        }
      }),
      { numRuns: 50 },
    );
  }, 240_000);
});
