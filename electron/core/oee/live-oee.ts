// Live OEE per cell (issue 6.5): reads the window's counts (machine_counts, with each resource's
// ideal cycle time), stops (the core's downtime_stops, typed by their reason's group) and reported
// quantities (quantity_reports), and computes with the pure maths in shared/domain/oee.ts. Used by
// the 'oee.live' query and by the sync heartbeat (oeeForHeartbeat).
import type Database from 'better-sqlite3';
import type { OeeSnapshot } from '../../../shared/contract/machine-api';
import { AvailabilityMode, type DowntimeGroupType } from '../../../shared/domain/enums';
import { computeOee, currentShift, type OeeStop } from '../../../shared/domain/oee';
import type { Clock } from '../clock';
import type { MachineConfig } from '../machine/config';
import { sql } from '../store/statements';

export interface OeeWindow {
  startMs: number;
  endMs: number;
}

export interface LiveOeeDeps {
  db: Database.Database;
  clock: Clock;
  config: MachineConfig;
  /** Cells this terminal serves; null = every active cell. */
  terminalCells: () => readonly string[] | null;
}

const iso = (ms: number) => new Date(ms).toISOString();

function cellOee(deps: LiveOeeDeps, cellId: string, win: OeeWindow, mode: AvailabilityMode, target: number | null): OeeSnapshot {
  const { db, config } = deps;
  const nowMs = deps.clock.wallMs();
  // A running shift is measured up to now, not to its planned end.
  const end = Math.min(win.endMs, Math.max(win.startMs, nowMs));
  const from = iso(win.startMs);
  // Facts are selected in [from, to); a running window includes what happened this millisecond.
  const to = iso(end === nowMs ? end + 1 : end);
  const cell = sql(db, 'SELECT name FROM cells WHERE id = ?').get(cellId) as { name: string } | undefined;
  const counts = sql(db, 
      `SELECT coalesce(sum(mc.delta), 0) AS n,
              coalesce(sum(mc.delta * coalesce(r.ideal_cycle_time_s,
                 (SELECT avg(ideal_cycle_time_s) FROM resources WHERE cell_id = mc.cell_id AND deleted_at IS NULL), @dflt)), 0) AS ideal_s
         FROM machine_counts mc LEFT JOIN resources r ON r.id = mc.resource_id
        WHERE mc.cell_id = @cell AND mc.counted_at >= @from AND mc.counted_at < @to`,
    )
    .get({ cell: cellId, from, to, dflt: config.default_ideal_cycle_s }) as { n: number; ideal_s: number };
  const parallel = (
    sql(db, 'SELECT count(*) AS n FROM resources WHERE cell_id = ? AND active = 1 AND deleted_at IS NULL').get(cellId) as { n: number }
  ).n;
  const stops = (
    sql(db, 
        `SELECT d.started_at, d.ended_at, d.duration_s, coalesce(g.type, 'unplanned') AS type
           FROM downtime_stops d
           LEFT JOIN downtime_reasons dr ON dr.id = d.reason_id
           LEFT JOIN downtime_groups g ON g.id = dr.group_id
          WHERE d.cell_id = ? AND d.started_at < ? AND (d.ended_at IS NULL OR d.ended_at > ?)`,
      )
      .all(cellId, to, from) as { started_at: string; ended_at: string | null; duration_s: number | null; type: DowntimeGroupType }[]
  ).map(
    (s): OeeStop => ({
      startMs: Date.parse(s.started_at),
      // The measured duration wins over wall subtraction (a clock step cannot stretch a stop).
      endMs: s.ended_at === null ? end : Date.parse(s.started_at) + (s.duration_s ?? (Date.parse(s.ended_at) - Date.parse(s.started_at)) / 1000) * 1000,
      type: s.type,
    }),
  );
  const q = sql(db, 
      `SELECT coalesce(sum(q.good), 0) AS good, coalesce(sum(q.scrap), 0) AS scrap, coalesce(sum(q.rework), 0) AS rework
         FROM quantity_reports q JOIN operations o ON o.id = q.operation_id
        WHERE o.cell_id = ? AND q.reported_at >= ? AND q.reported_at < ?`,
    )
    .get(cellId, from, to) as { good: number; scrap: number; rework: number };
  const r = computeOee({
    startMs: win.startMs,
    endMs: end,
    mode,
    stops,
    idealOutputS: counts.ideal_s,
    totalCount: counts.n,
    parallelResources: parallel,
    good: q.good,
    scrap: q.scrap,
    rework: q.rework,
  });
  return {
    cell_id: cellId,
    cell_name: cell?.name ?? null,
    mode,
    window_start: from,
    window_end: iso(end),
    elapsed_s: r.elapsed_s,
    run_s: r.run_s,
    idle_s: r.idle_s,
    planned_downtime_s: r.planned_downtime_s,
    unplanned_downtime_s: r.unplanned_downtime_s,
    total_count: r.total_count,
    good: r.good,
    availability: r.availability,
    performance: r.performance,
    quality: r.quality,
    oee: r.oee,
    oee_target: target,
  };
}

export interface LiveOeeQuery {
  cell_id?: string | undefined;
  mode?: AvailabilityMode | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

/** OEE per cell of this terminal (or the one asked for), for the current shift by default. */
export function liveOee(deps: LiveOeeDeps, q: LiveOeeQuery = {}): OeeSnapshot[] {
  const shift = currentShift(deps.clock.wallMs(), deps.config.oee.shift_starts_utc);
  const win: OeeWindow = { startMs: q.from ? Date.parse(q.from) : shift.startMs, endMs: q.to ? Date.parse(q.to) : shift.endMs };
  const served = deps.terminalCells();
  const cells = q.cell_id
    ? [q.cell_id]
    : (served ?? (sql(deps.db, 'SELECT id FROM cells WHERE active = 1 AND deleted_at IS NULL ORDER BY name').all() as { id: string }[]).map((c) => c.id));
  return cells.map((c) => {
    const site = siteOf(deps, c);
    return cellOee(deps, c, win, q.mode ?? site.mode, site.target);
  });
}

/** A cell's availability mode and OEE target from its OEE site, set centrally for the whole
 *  plant; the terminal's config (per cell, then its default) gives the mode only for a cell with
 *  no site or a site since deleted. */
function siteOf(deps: LiveOeeDeps, cellId: string): { mode: AvailabilityMode; target: number | null } {
  const site = sql(
    deps.db,
    'SELECT s.availability_mode AS mode, s.oee_target AS target FROM cells c JOIN oee_sites s ON s.id = c.oee_site_id AND s.deleted_at IS NULL WHERE c.id = ?',
  ).get(cellId) as { mode: string; target: number | null } | undefined;
  const parsed = AvailabilityMode.safeParse(site?.mode);
  return {
    mode: parsed.success ? parsed.data : (deps.config.oee.mode_by_cell[cellId] ?? deps.config.oee.mode),
    target: site?.target ?? null,
  };
}

/** What the sync heartbeat reports: this shift's OEE per served cell. */
export function oeeForHeartbeat(deps: LiveOeeDeps): OeeSnapshot[] {
  return liveOee(deps);
}
