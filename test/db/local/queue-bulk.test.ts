// The queue of a pulled page, recomputed once per page (electron/core/queue/bulk.ts, migration
// 030), against the queue the per-row triggers of 002 maintain: a varied, seeded dataset (routings
// with mixed sequences and statuses, local overlays and open time entries, then pages that move
// operations between parts and parts between jobs, tombstone rows, re-date jobs and deliver rows
// before the rows they hang off) is applied to two real SQLite stores: one through the pull
// applier, one row by row with plain upserts (triggers). Both queues must be identical, and equal
// to the queue recomputed from scratch.
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openLocalStore } from '../../../db/local/open';
import { createPullApplier } from '../../../electron/core/sync/pull-apply';
import { cleanTempDirs, tempDir } from '../../support/tmp';

afterAll(cleanTempDirs);

interface PullRow { t: 'jobs' | 'parts' | 'operations'; v: number; x: string; d: boolean; r: Record<string, unknown> }

/** mulberry32: a small seeded generator, so a failure replays. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function dataset(seed: number): PullRow[][] {
  const r = rng(seed);
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const cells = ['c1', 'c2'];
  const statuses = ['not_started', 'not_started', 'not_started', 'in_progress', 'completed', 'on_hold'];
  let v = 0;
  const jobs = new Map<string, Record<string, unknown>>();
  const parts = new Map<string, Record<string, unknown>>();
  const ops = new Map<string, Record<string, unknown>>();
  const row = (t: PullRow['t'], rec: Record<string, unknown>): PullRow => ({ t, v: ++v, x: '1', d: false, r: { ...rec } });
  const tomb = (t: PullRow['t'], id: string): PullRow => ({ t, v: ++v, x: '1', d: true, r: { id, deleted_at: '2026-11-20T10:00:00.000Z' } });
  const job = (i: number) => {
    const rec = { id: `j${i}`, tenant_id: 't', job_number: `J-${i}`, customer: r() < 0.5 ? 'Acme' : null, status: 'not_started',
      due_date: r() < 0.8 ? `2026-12-${String(1 + Math.floor(r() * 28)).padStart(2, '0')}T00:00:00.000Z` : null,
      due_date_override: r() < 0.2 ? '2026-11-30T00:00:00.000Z' : null, notes: null };
    jobs.set(rec.id, rec);
    return rec;
  };
  const part = (i: number, jobId: string) => {
    const rec = { id: `p${i}`, tenant_id: 't', job_id: jobId, part_number: `P-${i}`, material: r() < 0.5 ? 'S235' : null,
      quantity: 1 + Math.floor(r() * 20), status: 'not_started', is_bullet_card: r() < 0.15 };
    parts.set(rec.id, rec);
    return rec;
  };
  const op = (i: number, partId: string) => {
    const rec = { id: `o${i}`, tenant_id: 't', part_id: partId, cell_id: pick(cells), operation_name: `Op ${i}`,
      sequence: 1 + Math.floor(r() * 5), status: pick(statuses), estimated_time: r() < 0.7 ? Math.round(r() * 100) / 10 : null, actual_time: null };
    ops.set(rec.id, rec);
    return rec;
  };

  const pages: PullRow[][] = [];
  // First pull: jobs, then parts, then operations (the central's order for rows written in bulk).
  const first: PullRow[] = [];
  for (let j = 0; j < 30; j++) first.push(row('jobs', job(j)));
  let pn = 0;
  for (let j = 0; j < 30; j++) for (let k = 0; k < 2; k++) first.push(row('parts', part(pn++, `j${j}`)));
  let on = 0;
  for (let p = 0; p < pn; p++) for (let k = 0, n = 1 + Math.floor(r() * 5); k < n; k++) first.push(row('operations', op(on++, `p${p}`)));
  pages.push(first);

  let jn = 30;
  for (let page = 0; page < 6; page++) {
    const rows: PullRow[] = [];
    for (let i = 0; i < 40; i++) {
      const what = r();
      if (what < 0.2) {
        const o = ops.get(`o${Math.floor(r() * on)}`)!;
        rows.push(row('operations', Object.assign(o, { status: pick(statuses) })));
      } else if (what < 0.3) {
        const o = ops.get(`o${Math.floor(r() * on)}`)!;
        rows.push(row('operations', Object.assign(o, { part_id: `p${Math.floor(r() * pn)}`, sequence: 1 + Math.floor(r() * 5) })));
      } else if (what < 0.37) {
        rows.push(tomb('operations', `o${Math.floor(r() * on)}`));
      } else if (what < 0.47) {
        const p = parts.get(`p${Math.floor(r() * pn)}`)!;
        rows.push(row('parts', Object.assign(p, { job_id: `j${Math.floor(r() * jn)}`, is_bullet_card: r() < 0.3 })));
      } else if (what < 0.52) {
        rows.push(tomb('parts', `p${Math.floor(r() * pn)}`));
      } else if (what < 0.62) {
        const j = jobs.get(`j${Math.floor(r() * jn)}`)!;
        rows.push(row('jobs', Object.assign(j, { due_date_override: r() < 0.5 ? null : '2026-11-25T00:00:00.000Z', customer: 'Re-dated' })));
      } else if (what < 0.66) {
        rows.push(tomb('jobs', `j${Math.floor(r() * jn)}`));
      } else if (what < 0.8) {
        // Children before their parents: operations of a new part, then the part, then its job.
        const j = jn++;
        const p = pn++;
        const children = [row('operations', op(on++, `p${p}`)), row('operations', op(on++, `p${p}`))];
        rows.push(...children, row('parts', part(p, `j${j}`)), row('jobs', job(j)));
      } else {
        rows.push(row('operations', op(on++, `p${Math.floor(r() * pn)}`)));
      }
    }
    pages.push(rows);
  }
  return pages;
}

/** The per-row path: each row written on its own, so 002's triggers maintain the queue. */
function applyRowByRow(db: Database.Database, pages: PullRow[][]): void {
  for (const rows of pages) {
    db.transaction(() => {
      for (const { t, v, d, r } of rows) {
        if (d) {
          db.prepare(`UPDATE ${t} SET deleted_at = ?, version = ? WHERE id = ?`).run(r.deleted_at, v, r.id);
          continue;
        }
        const cols = [...Object.keys(r), 'version'];
        const vals = [...Object.values(r).map((x) => (typeof x === 'boolean' ? (x ? 1 : 0) : x)), v];
        db.prepare(
          `INSERT INTO ${t} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})
           ON CONFLICT (id) DO UPDATE SET ${cols.filter((c) => c !== 'id').map((c) => `${c} = excluded.${c}`).join(', ')}`,
        ).run(vals);
      }
    })();
  }
}

/** Local facts that move operations between sections: an overlay status and open time entries. */
function localFacts(db: Database.Database): void {
  db.prepare("INSERT INTO op_state (operation_id, status, prior_status) VALUES ('o3', 'in_progress', 'not_started'), ('o7', 'completed', 'in_progress'), ('o12', 'on_hold', 'in_progress')").run();
  const te = db.prepare("INSERT INTO time_entries_local (id, operation_id, profile_id, cell_id, started_at, start_mono, start_boot) VALUES (?, ?, ?, 'c1', '2026-11-20T08:00:00.000Z', 0, 'b')");
  te.run('te1', 'o5', 'u1');
  te.run('te2', 'o20', 'u2');
}

function queueOf(db: Database.Database) {
  return {
    entries: db.prepare('SELECT * FROM queue_entries ORDER BY operation_id').all(),
    counts: db.prepare('SELECT * FROM queue_counts WHERE n > 0 ORDER BY cell_id, section').all(),
  };
}

function fromScratch(db: Database.Database) {
  return {
    entries: db.prepare('SELECT * FROM queue_source ORDER BY operation_id').all(),
    counts: db.prepare('SELECT cell_id, section, count(*) AS n FROM queue_source GROUP BY cell_id, section ORDER BY cell_id, section').all(),
  };
}

describe('queue maintenance of pulled pages (030)', () => {
  for (const seed of [1, 2, 3, 4]) {
    it(`recomputes per page exactly the queue the per-row triggers keep (seed ${seed})`, () => {
      const pages = dataset(seed);
      const bulk = openLocalStore(join(tempDir(), 'bulk.db'));
      const rowwise = openLocalStore(join(tempDir(), 'rows.db'));
      const applier = createPullApplier(bulk, { bulkQueueMinRows: 1 });
      for (const [i, rows] of pages.entries()) {
        applier.applyPage(rows, `cursor-${i}`);
        applyRowByRow(rowwise, [rows]);
        if (i === 0) {
          localFacts(bulk);
          localFacts(rowwise);
        }
        expect(queueOf(bulk), `after page ${i}`).toEqual(queueOf(rowwise));
      }
      const q = queueOf(bulk);
      expect(q.entries.length).toBeGreaterThan(50);
      expect(new Set(q.entries.map((e) => (e as { section: number }).section))).toEqual(new Set([0, 1, 2]));
      expect(q).toEqual(fromScratch(bulk));
      expect(bulk.prepare('SELECT * FROM op_state ORDER BY operation_id').all()).toEqual(rowwise.prepare('SELECT * FROM op_state ORDER BY operation_id').all());
      // Nothing of the bulk mode outlives the page.
      expect(bulk.prepare('SELECT (SELECT count(*) FROM queue_bulk) + (SELECT count(*) FROM queue_dirty) AS n').get()).toEqual({ n: 0 });
      bulk.close();
      rowwise.close();
    });
  }

  it('leaves the per-row triggers armed after a page, and after a page that failed', () => {
    const db = openLocalStore(join(tempDir(), 'armed.db'));
    const applier = createPullApplier(db, { bulkQueueMinRows: 1 });
    const [first] = dataset(5);
    applier.applyPage(first!, 'c1');
    const before = queueOf(db);
    // A malformed row aborts the page: rows, cursor and the suspension roll back together.
    const { version: _v, ...o1 } = db.prepare("SELECT * FROM operations WHERE id = 'o1'").get() as Record<string, unknown>;
    expect(() => applier.applyPage([{ t: 'operations', v: 999, x: '1', d: false, r: { ...o1, status: 'completed' } }, { nope: true }], 'c2')).toThrow(/not \{t, v, x, d, r\}/);
    expect(db.prepare('SELECT count(*) AS n FROM queue_bulk').get()).toEqual({ n: 0 });
    expect(queueOf(db)).toEqual(before);
    expect(db.prepare("SELECT value FROM meta WHERE key = 'pull_cursor'").get()).toEqual({ value: 'c1' });
    // A write outside the applier is queued by the per-row triggers at once.
    const id = (db.prepare('SELECT operation_id FROM queue_entries WHERE section = 1 ORDER BY operation_id LIMIT 1').get() as { operation_id: string }).operation_id;
    db.prepare("UPDATE operations SET status = 'completed' WHERE id = ?").run(id);
    expect(db.prepare('SELECT count(*) AS n FROM queue_entries WHERE operation_id = ?').get(id)).toEqual({ n: 0 });
    expect(queueOf(db)).toEqual(fromScratch(db));
    db.close();
  });

  it('migration 030 upgrades a store at 021 that already holds a queue, unchanged', () => {
    const file = join(tempDir(), 'old.db');
    const [first, ...rest] = dataset(6);
    const old = openLocalStore(file, { targetVersion: 21 });
    applyRowByRow(old, [first!]);
    const before = queueOf(old);
    old.close();
    const db = openLocalStore(file);
    expect(db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(30);
    expect(queueOf(db)).toEqual(before);
    const applier = createPullApplier(db, { bulkQueueMinRows: 1 });
    for (const [i, rows] of rest.entries()) applier.applyPage(rows, `cursor-${i}`);
    expect(queueOf(db)).toEqual(fromScratch(db));
    db.close();
  });
});
