// Network and server faults between a terminal and a real Postgres, through the fault proxy:
// the response lost after the central committed, dropped connections and delays during a drain,
// a partition that black-holes traffic (the watchdog and call timeouts recover), and the central
// killing the terminal's backend in the middle of a push. After every fault the central holds
// each locally committed event exactly once, in device order.

import { describe, expect, it } from 'vitest';
import { uuidv7 } from '../../shared/domain/uuidv7';
import { createSyncEngine } from '../../electron/core/sync/engine';
import { createTransport } from '../../electron/core/sync/transport';
import type { LocalTerminal } from '../sync/support/terminal-fixture';
import { expectCentralEqualsLocal, until } from './central-checks';
import { useFaultCentral } from './fault-central';

const srv = useFaultCentral('A', 1);
const newTerminal = () => srv.newTerminal();

function engineFor(term: LocalTerminal, timeoutMs = 2000, extra: Partial<Parameters<typeof createSyncEngine>[0]> = {}) {
  return createSyncEngine({
    db: term.db, clock: term.clock, appVersion: 't', random: () => 0.01, pollMs: 50, backoff: { baseMs: 20, maxMs: 200 },
    transportFactory: (u, o) => createTransport(u, { ...o, timeoutMs }), ...extra,
  });
}

function notes(term: LocalTerminal, n: number) {
  for (let i = 0; i < n; i++) term.append('note.added', { note_id: uuidv7(), cell_id: srv.tenant.cellIds[0]!, text: `n${i}` }, srv.tenant.operatorId);
}

describe('faults between terminal and central', () => {
  it('loses the response after the central committed: the retry is a duplicate and nothing doubles', async () => {
    const term = await newTerminal();
    notes(term, 30);
    const engine = engineFor(term);
    const fired = srv.proxy.cutAfterCommit('terminal_push');
    const s1 = await engine.syncNow();
    await fired;
    expect(s1.pending).toBe(30); // the answer never arrived, so nothing is marked sent
    expect(Number((await srv.db.pool.query('SELECT count(*) AS n FROM sync_events WHERE terminal_id = $1', [term.deviceId])).rows[0].n)).toBe(30);
    const s2 = await engine.syncNow();
    expect(s2.pending).toBe(0);
    await expectCentralEqualsLocal(srv.db.pool, term);
    await engine.stop();
  });

  it('drains through random connection drops and delays while new events keep arriving', async () => {
    const term = await newTerminal();
    const engine = engineFor(term, 2000, { limits: { maxEvents: 40, maxBytes: 256 * 1024 } });
    engine.start();
    srv.proxy.setDelay(5);
    for (let round = 0; round < 15; round++) {
      notes(term, 20);
      engine.notify();
      await new Promise((r) => setTimeout(r, 20 + Math.random() * 60));
      srv.proxy.dropAll();
    }
    srv.proxy.setDelay(0);
    await until(() => engine.status().pending === 0);
    await expectCentralEqualsLocal(srv.db.pool, term);
    expect(srv.proxy.stats.drops).toBeGreaterThan(0);
    await engine.stop();
  });

  it('recovers from a partition that black-holes traffic (call timeout, watchdog) and from refused connections', async () => {
    const term = await newTerminal();
    notes(term, 50);
    const engine = engineFor(term, 300, { watchdogMs: 1500 });
    srv.proxy.partition('blackhole');
    engine.start();
    await new Promise((r) => setTimeout(r, 800));
    expect(engine.status()).toMatchObject({ online: false, pending: 50 });
    srv.proxy.partition('refuse');
    await new Promise((r) => setTimeout(r, 300));
    expect(engine.status().pending).toBe(50);
    srv.proxy.partition('none');
    await until(() => engine.status().pending === 0);
    await expectCentralEqualsLocal(srv.db.pool, term);
    await engine.stop();
  });

  it("survives the central terminating the terminal's backend in the middle of pushes", async () => {
    const term = await newTerminal();
    notes(term, 1500);
    const engine = engineFor(term, 5000, { limits: { maxEvents: 200, maxBytes: 256 * 1024 } });
    engine.start();
    let kills = 0;
    while (engine.status().pending > 0 && kills < 40) {
      await new Promise((r) => setTimeout(r, 15 + Math.random() * 40));
      const r = await srv.db.pool.query("SELECT count(*)::int AS n FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'shopfloor-terminal-sync' AND datname = current_database()) k");
      kills += r.rows[0].n as number;
    }
    await until(() => engine.status().pending === 0, 30_000);
    expect(kills).toBeGreaterThan(0);
    await expectCentralEqualsLocal(srv.db.pool, term);
    await engine.stop();
  });
});



