// The count watcher on the store (issue 6.4): on a timer it opens unexplained stops for silent
// resources; inside each count's transaction it closes the machine stops that the count ends. Stops
// are opened and ended through the core's downtime functions (electron/core/downtime/stops.ts), so
// a machine stop has the same rules and projector as an operator's, only with source 'machine'.
// Decisions are in stop-rules.ts; this module only reads the facts and writes the outcome.
import { durationSeconds } from '../../../shared/domain/durations';
import { endDowntime, startDowntime } from '../downtime/stops';
import { Refusal } from '../errors';
import type { RecordContext } from '../store/record';
import { countCloses, shouldOpenStop, shouldPrompt, type CountCloses, type WatchRules } from './stop-rules';
import { sql } from '../store/statements';

export interface UnexplainedStop {
  downtime_id: string;
  cell_id: string;
  resource_id: string | null;
  resource_name: string | null;
  started_at: string;
  open_for_s: number;
}

interface WatchRow {
  resource_id: string;
  cell_id: string;
  last_mono_ms: number;
  ideal_cycle_time_s: number | null;
  last_stop_mono: number | null;
  open_stops: number;
}

interface OpenStopRow {
  id: string;
  started_at: string;
  start_mono: number;
  start_boot: string;
  reason_id: string | null;
  count_closes: CountCloses | null;
}

export class StopWatcher {
  private closed = 0;

  constructor(
    private readonly ctx: RecordContext,
    private readonly rules: WatchRules,
    /** Cells this terminal serves; null = all. */
    private readonly terminalCells: () => readonly string[] | null,
    private readonly maxAcrossBootHours = 24,
  ) {}

  private now() {
    const c = this.ctx.clock;
    return { wall_ms: c.wallMs(), mono_ms: c.monoMs(), boot_id: c.bootId };
  }

  /** Opens a stop for every silent counting resource. Returns the stops opened. */
  tick(): string[] {
    const db = this.ctx.db;
    const now = this.now();
    const cells = this.terminalCells();
    const opened: string[] = [];
    db.transaction(() => {
      const rows = sql(db, 
          `SELECT s.resource_id, s.cell_id, s.last_mono_ms, r.ideal_cycle_time_s,
                  (SELECT max(d.start_mono) FROM downtime_stops d WHERE d.resource_id = s.resource_id AND d.start_boot = s.boot_id) AS last_stop_mono,
                  (SELECT count(*) FROM downtime_stops d WHERE d.ended_at IS NULL AND d.cell_id = s.cell_id
                      AND (d.resource_id = s.resource_id OR d.resource_id IS NULL)) AS open_stops
             FROM machine_resource_state s JOIN resources r ON r.id = s.resource_id
            WHERE s.boot_id = ? AND r.deleted_at IS NULL AND r.active = 1`,
        )
        .all(now.boot_id) as WatchRow[];
      for (const r of rows) {
        if (cells && !cells.includes(r.cell_id)) continue;
        const open = shouldOpenStop(
          { lastCountMono: r.last_mono_ms, idealCycleS: r.ideal_cycle_time_s, lastStopStartMono: r.last_stop_mono, stopOpen: r.open_stops > 0 },
          now.mono_ms,
          this.rules,
        );
        if (!open) continue;
        try {
          // Each resource in its own savepoint: one that cannot get a stop never holds back the rest.
          opened.push(db.transaction(() => startDowntime(this.ctx, { cellId: r.cell_id, resourceId: r.resource_id, source: 'machine', actorId: null }))());
        } catch (err) {
          if (!(err instanceof Refusal)) throw err;
        }
      }
    }).immediate();
    return opened;
  }

  /** Inside a count's transaction: ends the machine stops on the resource that a count closes. */
  onCount(resourceId: string): void {
    // Runs for every count, and almost always finds nothing: a plain scan of the open-stops index
    // first, the reason's closing rule only for a stop that has one (a join here would cost
    // several times the whole lookup on every count).
    const stops = sql(this.ctx.db, 
        `SELECT id, reason_id FROM downtime_stops
          WHERE resource_id = ? AND source = 'machine' AND ended_at IS NULL`,
      )
      .all(resourceId) as Pick<OpenStopRow, 'id' | 'reason_id'>[];
    for (const s of stops) {
      const reason = s.reason_id === null ? null : { count_closes: this.closingRule(s.reason_id) };
      if (!countCloses({ reason })) continue;
      this.closed++;
      endDowntime(this.ctx, { downtimeId: s.id, actorId: null, microStopSeconds: this.rules.microStopS, maxAcrossBootHours: this.maxAcrossBootHours });
    }
  }

  /** A reason's closing rule; a reason not (yet) pulled closes on the next count, the default. */
  private closingRule(reasonId: string): CountCloses {
    const row = sql(this.ctx.db, 'SELECT count_closes FROM downtime_reasons WHERE id = ?').get(reasonId) as
      | Pick<OpenStopRow, 'count_closes'>
      | undefined;
    return row?.count_closes ?? 'next_count';
  }

  /** Stops closed by counts since the last call (after a commit: tell the UI). */
  takeClosed(): number {
    const n = this.closed;
    this.closed = 0;
    return n;
  }

  /** Open unexplained machine stops long enough to ask a person about (the prompt). */
  unexplained(): UnexplainedStop[] {
    const now = this.now();
    const cells = this.terminalCells();
    const rows = sql(this.ctx.db, 
        `SELECT d.id, d.cell_id, d.resource_id, r.name AS resource_name, d.started_at, d.start_mono, d.start_boot, d.reason_id
           FROM downtime_stops d LEFT JOIN resources r ON r.id = d.resource_id
          WHERE d.source = 'machine' AND d.ended_at IS NULL AND d.reason_id IS NULL
          ORDER BY d.started_at`,
      )
      .all() as (OpenStopRow & { cell_id: string; resource_id: string | null; resource_name: string | null })[];
    return rows
      .filter((r) => !cells || cells.includes(r.cell_id))
      .map((r) => ({
        downtime_id: r.id,
        cell_id: r.cell_id,
        resource_id: r.resource_id,
        resource_name: r.resource_name,
        started_at: r.started_at,
        open_for_s: durationSeconds({ wall_ms: Date.parse(r.started_at), mono_ms: r.start_mono, boot_id: r.start_boot }, now),
      }))
      .filter((s) => shouldPrompt({ reasonId: null, openForS: s.open_for_s }, this.rules));
  }
}
