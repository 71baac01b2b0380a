// Projectors for downtime stops, their change history and reason usage (recent / favourites).
// A split or an edit is a new event applied on top, with its own history row: nothing is
// overwritten without a trace of who, when and why.
import type Database from 'better-sqlite3';
import { sql } from '../store/statements';
import type { ProjectorMap } from './types';

interface StopRow {
  id: string;
  cell_id: string;
  resource_id: string | null;
  reason_id: string | null;
  source: string;
  started_at: string;
  start_mono: number;
  start_boot: string;
  ended_at: string | null;
  duration_s: number | null;
}

export function readStop(db: Database.Database, id: string): StopRow | undefined {
  return sql(db, 'SELECT id, cell_id, resource_id, reason_id, source, started_at, start_mono, start_boot, ended_at, duration_s FROM downtime_stops WHERE id = ?').get(id) as StopRow | undefined;
}

function change(db: Database.Database, downtimeId: string, kind: string, actor: string | null, at: string, why: string | null): void {
  sql(db, 'INSERT INTO downtime_changes (downtime_id, kind, actor_id, at, why) VALUES (?, ?, ?, ?, ?)').run(downtimeId, kind, actor, at, why);
}

function used(db: Database.Database, reasonId: string, cellId: string, at: string): void {
  sql(
    db,
    `INSERT INTO reason_usage (reason_id, cell_id, uses, last_used_at) VALUES (?, ?, 1, ?)
     ON CONFLICT (reason_id, cell_id) DO UPDATE SET uses = uses + 1, last_used_at = excluded.last_used_at`,
  ).run(reasonId, cellId, at);
}

const iso = (ms: number): string => new Date(ms).toISOString();

export const downtimeProjectors: ProjectorMap = {
  'downtime.started': (db, ev) => {
    const p = ev.payload;
    sql(
      db,
      `INSERT INTO downtime_stops (id, cell_id, resource_id, reason_id, source, note, started_at, start_mono, start_boot, started_by)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(p.downtime_id, p.cell_id, p.resource_id ?? null, p.reason_id ?? null, p.source, p.note ?? null, ev.occurred_at, ev.mono_ms, ev.boot_id, ev.actor_id);
    change(db, p.downtime_id, 'started', ev.actor_id, ev.occurred_at, null);
    if (p.reason_id) used(db, p.reason_id, p.cell_id, ev.occurred_at);
  },
  'downtime.ended': (db, ev) => {
    const p = ev.payload;
    sql(db, 'UPDATE downtime_stops SET ended_at = ?, duration_s = ?, micro_stop = ? WHERE id = ? AND ended_at IS NULL').run(ev.occurred_at, p.duration_s, p.micro_stop ? 1 : 0, p.downtime_id);
    change(db, p.downtime_id, 'ended', ev.actor_id, ev.occurred_at, null);
  },
  'downtime.categorised': (db, ev) => {
    const p = ev.payload;
    const stop = readStop(db, p.downtime_id);
    if (!stop) return;
    sql(db, 'UPDATE downtime_stops SET reason_id = ? WHERE id = ?').run(p.reason_id, p.downtime_id);
    change(db, p.downtime_id, 'categorised', ev.actor_id, ev.occurred_at, p.why ?? null);
    used(db, p.reason_id, stop.cell_id, ev.occurred_at);
  },
  'downtime.split': (db, ev) => {
    const p = ev.payload;
    const s = readStop(db, p.downtime_id);
    if (!s) return;
    const splitMs = Date.parse(s.started_at) + p.at_offset_s * 1000;
    const open = s.ended_at === null;
    // The later part keeps running if the stop is still open; its monotonic start moves by the
    // offset so its duration is still measured, not guessed from wall time.
    sql(
      db,
      `INSERT INTO downtime_stops (id, cell_id, resource_id, reason_id, source, note, started_at, start_mono, start_boot, ended_at, duration_s, split_from, started_by)
       VALUES (?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      p.new_downtime_id, s.cell_id, s.resource_id, p.reason_id ?? s.reason_id, s.source, iso(splitMs), s.start_mono + p.at_offset_s * 1000, s.start_boot,
      open ? null : s.ended_at, open ? null : Math.max(0, (s.duration_s ?? 0) - p.at_offset_s), p.downtime_id, ev.actor_id,
    );
    sql(db, 'UPDATE downtime_stops SET ended_at = ?, duration_s = ? WHERE id = ?').run(iso(splitMs), p.at_offset_s, p.downtime_id);
    change(db, p.downtime_id, 'split', ev.actor_id, ev.occurred_at, p.why ?? null);
    change(db, p.new_downtime_id, 'split_from', ev.actor_id, ev.occurred_at, p.why ?? null);
    if (p.reason_id) used(db, p.reason_id, s.cell_id, ev.occurred_at);
  },
  'downtime.edited': (db, ev) => {
    const p = ev.payload;
    const s = readStop(db, p.downtime_id);
    if (!s) return;
    const started = p.started_at ?? s.started_at;
    const ended = p.ended_at ?? s.ended_at;
    const shiftMs = Date.parse(started) - Date.parse(s.started_at);
    // A human correction of wall times: the corrected span is the new duration.
    const duration = ended === null ? null : Math.max(0, (Date.parse(ended) - Date.parse(started)) / 1000);
    sql(db, 'UPDATE downtime_stops SET started_at = ?, ended_at = ?, duration_s = ?, start_mono = ? WHERE id = ?').run(
      new Date(Date.parse(started)).toISOString(), ended === null ? null : new Date(Date.parse(ended)).toISOString(), duration, s.start_mono - shiftMs, p.downtime_id,
    );
    change(db, p.downtime_id, 'edited', ev.actor_id, ev.occurred_at, p.why);
  },
};
