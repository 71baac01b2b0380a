// Property (fast-check): under random commands on two terminals, random faults (dropped
// connections, responses lost after commit, partitions), crashes of a terminal process (its sync
// engine dies mid-call and a new one starts on the same SQLite file) and wall-clock jumps, the
// central set of events equals the locally committed set: no event lost, none twice, each device's
// order kept. Real SQLite files, real Postgres behind the fault proxy; real SIGKILLs are in kill.test.ts.
import type Database from 'better-sqlite3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openLocalStore } from '../../db/local/open';
import { uuidv7 } from '../../shared/domain/uuidv7';
import { createSyncEngine, type SyncEngine } from '../../electron/core/sync/engine';
import { createTransport, type SyncTransport } from '../../electron/core/sync/transport';
import type { LocalTerminal } from '../sync/support/terminal-fixture';
import { useFaultCentral } from './fault-central';

const srv = useFaultCentral('P', 1);

type Step =
  | { kind: 'commit'; terminal: 0 | 1; n: number }
  | { kind: 'sync'; terminal: 0 | 1 }
  | { kind: 'drop' }
  | { kind: 'cut' }
  | { kind: 'partition'; on: boolean }
  | { kind: 'crash'; terminal: 0 | 1 }
  | { kind: 'jump'; terminal: 0 | 1; ms: number };

const terminalArb = fc.constantFrom<0 | 1>(0, 1);
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('commit' as const), terminal: terminalArb, n: fc.integer({ min: 1, max: 25 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('sync' as const), terminal: terminalArb }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('drop' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('cut' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('partition' as const), on: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('crash' as const), terminal: terminalArb }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('jump' as const), terminal: terminalArb, ms: fc.constantFrom(3_600_000, -3_600_000, -86_400_000) }) },
);

/** One terminal "process": a store handle and an engine whose calls can be cut off by a crash. */
interface Proc {
  term: LocalTerminal;
  db: Database.Database;
  engine: SyncEngine;
  dead: { v: boolean };
}

function spawnProc(term: LocalTerminal): Proc {
  const dbh = openLocalStore(term.file);
  const dead = { v: false };
  const never = new Promise<never>(() => undefined);
  const engine = createSyncEngine({
    db: dbh, clock: term.clock, appVersion: 'prop', random: () => 0.01, backoff: { baseMs: 10, maxMs: 50 },
    transportFactory: (u, o) => {
      const real = createTransport(u, { ...o, timeoutMs: 1000 });
      // After a crash the dead process never sees an answer (and never writes again).
      const gate = <A extends unknown[], R>(fn: (...a: A) => Promise<R>) => (...a: A): Promise<R> => (dead.v ? never : fn(...a).then((r) => (dead.v ? never : r)));
      const t: SyncTransport = { ...real, push: gate(real.push), pull: gate(real.pull), heartbeat: gate(real.heartbeat), uploadAttachment: gate(real.uploadAttachment) };
      return t;
    },
  });
  return { term, db: dbh, engine, dead };
}

describe('property: central set equals the locally committed set', () => {
  it('holds under random commands, faults, crashes and clock jumps', { timeout: 240_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(stepArb, { minLength: 5, maxLength: 25 }), async (steps) => {
        const terms: LocalTerminal[] = [];
        for (let i = 0; i < 2; i++) {
          terms.push(await srv.newTerminal());
        }
        const procs = terms.map(spawnProc);
        try {
          for (const s of steps) {
            switch (s.kind) {
              case 'commit':
                for (let i = 0; i < s.n; i++) terms[s.terminal]!.append('note.added', { note_id: uuidv7(), cell_id: srv.tenant.cellIds[0]!, text: `p${i}` }, srv.tenant.operatorId);
                break;
              case 'sync':
                await procs[s.terminal]!.engine.syncNow();
                break;
              case 'drop':
                srv.proxy.dropAll();
                break;
              case 'cut':
                void srv.proxy.cutAfterCommit('terminal_push');
                break;
              case 'partition':
                srv.proxy.partition(s.on ? 'refuse' : 'none');
                break;
              case 'crash': {
                const p = procs[s.terminal]!;
                p.dead.v = true;
                void p.engine.stop();
                procs[s.terminal] = spawnProc(p.term);
                break;
              }
              case 'jump':
                terms[s.terminal]!.clock.jumpWall(s.ms);
                break;
            }
          }
          // Heal and drain.
          srv.proxy.partition('none');
          srv.proxy.cancelCut();
          for (const p of procs) for (let i = 0; i < 10 && p.engine.status().pending > 0; i++) await p.engine.syncNow();
          for (const t of terms) {
            const local = t.db.prepare('SELECT device_seq, event_id FROM outbox ORDER BY device_seq').all();
            const central = (await srv.db.pool.query('SELECT device_seq::int AS device_seq, event_id::text AS event_id FROM sync_events WHERE terminal_id = $1 ORDER BY device_seq', [t.deviceId])).rows;
            expect(central).toEqual(local);
          }
        } finally {
          srv.proxy.partition('none');
          srv.proxy.cancelCut();
          for (const p of procs) {
            p.dead.v = true;
            void p.engine.stop();
          }
        }
      }),
      { numRuns: 12 },
    );
  });
});
