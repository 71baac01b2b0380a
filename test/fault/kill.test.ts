// 200 SIGKILLs of a terminal process at random points while it takes real core commands and syncs
// (kill-harness.ts). After restart and resync the central holds exactly the locally committed
// events, none twice, in each device's order; every event an operator saw acknowledged is there;
// effects were applied once; and SQLite's integrity check passes. `npm run soak` runs 1,000+.
import { afterAll, describe, expect, inject, it } from 'vitest';
import { cleanTempDirs } from '../support/tmp';
import { runKillCampaign, type CampaignResult } from './kill-harness';

let result: CampaignResult | undefined;
afterAll(async () => {
  await result?.drop();
  cleanTempDirs();
});

describe('SIGKILL at random points', () => {
  it('200 kills: nothing acknowledged is lost or doubled', { timeout: 600_000 }, async () => {
    result = await runKillCampaign({ adminUrl: inject('pgAdminUrl'), kills: Number(process.env.KILL_COUNT ?? 200) });
    const r = result;
    expect(r.errors).toEqual([]);
    expect(r.integrity).toBe('ok');
    expect(r.acked.length).toBeGreaterThan(r.kills);
    // Exactly the local outbox, in device order, once each; every acknowledged event is in it.
    expect(r.central.map((e) => [e.device_seq, e.event_id])).toEqual(r.local.map((e) => [e.device_seq, e.event_id]));
    expect(r.central.every((e) => e.status === 'applied')).toBe(true);
    const central = new Set(r.central.map((e) => e.event_id));
    expect(r.acked.filter((id) => !central.has(id))).toEqual([]);
    expect(new Set(r.acked).size).toBe(r.acked.length);
    // device_seq is gapless locally.
    expect(r.local.every((e, i) => e.device_seq === i + 1)).toBe(true);
    // Effects applied once per event.
    expect(r.centralNotes).toBe(r.local.filter((e) => e.type === 'note.added').length);
    expect(r.centralQuantities).toBe(r.local.filter((e) => e.type === 'quantity.reported').length);
  });
});
