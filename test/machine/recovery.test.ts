// Recovery: the terminal (a child process running the machine API on a real store) is killed with
// SIGKILL while 20 machines stream counts. After a restart every count that was answered 202 is in
// the outbox exactly once, the device sequence has no gap, and re-sending everything (what a
// machine does after a lost answer) adds only the counts that were never acknowledged.
import type { ChildProcess } from 'node:child_process';
import { afterAll, expect, it } from 'vitest';
import { openLocalStore } from '../../db/local/open';
import { uuidv7 } from '../../shared/domain/uuidv7';
import { cleanTempDirs, tempDir } from '../support/tmp';
import { killChildren, spawnTerminalChild } from './child/spawn-terminal';
import { postCounts, seedReference } from './fixtures';

const children: ChildProcess[] = [];
afterAll(() => {
  killChildren(children);
  cleanTempDirs();
});

it('keeps every acknowledged count exactly once across a SIGKILL', async () => {
  const file = `${tempDir('machine-recovery-')}/terminal.db`;
  const deviceId = uuidv7();
  const seed = openLocalStore(file);
  const ref = seedReference(seed);
  seed.close();

  const acked = new Map<number, string>(); // seq -> event id answered with 202
  const sent: number[] = [];
  const { child, url } = await spawnTerminalChild(file, deviceId, ref.cellA, children);
  let stop = false;
  const machines = Array.from({ length: 20 }, (_, m) =>
    (async () => {
      for (let i = 0; !stop; i++) {
        const seq = m * 1_000_000 + i;
        sent.push(seq);
        try {
          const r = await postCounts(url, ref.machineKey, { resource_id: ref.resA, delta: 1, seq });
          if (r.status === 202) acked.set(seq, ((await r.json()) as { event_ids: string[] }).event_ids[0]!);
        } catch {
          return; // the terminal died: the answer was lost
        }
      }
    })(),
  );
  // Kill once the stream is well under way (a count of answers, not a wall-clock guess).
  while (acked.size < 300) await new Promise((r) => setTimeout(r, 5));
  child.kill('SIGKILL');
  stop = true;
  await Promise.all(machines);
  expect(acked.size).toBeGreaterThanOrEqual(300);

  const db = openLocalStore(file);
  const rows = db.prepare("SELECT device_seq, event_id, payload FROM outbox WHERE type = 'cycles.counted' ORDER BY device_seq").all() as {
    device_seq: number;
    event_id: string;
    payload: string;
  }[];
  const bySeq = new Map<number, string[]>();
  for (const r of rows) {
    const seq = (JSON.parse(r.payload) as { machine_seq: number }).machine_seq;
    bySeq.set(seq, [...(bySeq.get(seq) ?? []), r.event_id]);
  }
  for (const [seq, eventId] of acked) expect(bySeq.get(seq), `seq ${seq}`).toEqual([eventId]);
  expect([...bySeq.values()].every((ids) => ids.length === 1)).toBe(true);
  expect(rows.map((r) => r.device_seq)).toEqual(rows.map((_, i) => i + 1));
  expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  db.close();

  // Restart and replay everything that was sent: acknowledged seqs come back as duplicates with
  // their original event ids; the rest are counted now, once.
  const again = await spawnTerminalChild(file, deviceId, ref.cellA, children);
  const replay = await postCounts(again.url, ref.machineKey, sent.map((seq) => ({ resource_id: ref.resA, delta: 1, seq })));
  expect(replay.status).toBe(202);
  const results = ((await replay.json()) as { results: { seq: number; event_id: string; duplicate: boolean }[] }).results;
  for (const r of results) {
    if (acked.has(r.seq)) expect(r).toMatchObject({ duplicate: true, event_id: acked.get(r.seq) });
  }
  again.child.kill('SIGKILL');
  const after = openLocalStore(file);
  const total = (after.prepare("SELECT count(*) AS n, sum(json_extract(payload, '$.delta')) AS d FROM outbox WHERE type = 'cycles.counted'").get() as {
    n: number;
    d: number;
  });
  expect(total).toEqual({ n: sent.length, d: sent.length });
  after.close();
});
