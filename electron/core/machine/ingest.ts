// Turns validated machine counts into `cycles.counted` events. Runs inside a group-commit
// savepoint: the store checks (resource, cell, tenant), de-duplication by (machine, seq), counter
// reset detection, the outbox append and the de-dup state are one atomic unit, so a replay after a
// crash finds exactly what was acknowledged. Used by both the HTTP API and MQTT ingestion.
import type Database from 'better-sqlite3';
import { uuidv7 } from '../../../shared/domain/uuidv7';
import type { OutboxContext } from '../store/outbox';
import { record as recordEvent } from '../store/record';
import type { MachineAccount } from './auth';
import type { CountInput, CountResult, CountsAccepted } from './count-schema';
import { forbidden, invalid, MachineError } from './errors';
import type { GroupCommitter } from './group-commit';

export interface IngestDeps {
  outbox: OutboxContext;
  /** Cells this terminal serves; null = any cell of the machine's tenant. */
  terminalCells: () => readonly string[] | null;
  maxFutureSkewS: number;
  /** An absolute counter moving by more than this in one reading is a new baseline, not production. */
  maxCounterJump?: number;
  /** Resources a machine account is limited to (absent: any resource of the served cells). */
  machineResources?: Readonly<Record<string, readonly string[]>>;
  /** Called inside the same savepoint after a count with delta > 0 (closes automatic stops). */
  onCounted?: (resourceId: string, cellId: string) => void;
}

interface ResourceRow {
  id: string;
  tenant_id: string;
  cell_id: string | null;
  active: number;
}
interface CellRow {
  id: string;
  tenant_id: string;
  active: number;
}
interface SeenRow {
  event_id: string;
  count_id: string;
  device_seq: number;
}
interface StateRow {
  last_seq: number;
  last_counter: number | null;
}

function statements(db: Database.Database) {
  return {
    resource: db.prepare('SELECT id, tenant_id, cell_id, active FROM resources WHERE id = ? AND deleted_at IS NULL'),
    cell: db.prepare('SELECT id, tenant_id, active FROM cells WHERE id = ? AND deleted_at IS NULL'),
    // Two single-table lookups rather than one join: a new count (the common case) only pays the
    // primary-key probe, and SQLite's join setup alone costs several times that per statement.
    seen: db.prepare('SELECT event_id, count_id, device_seq FROM machine_seq_seen WHERE machine_id = ? AND machine_seq = ?'),
    seenPayload: db.prepare('SELECT payload FROM outbox WHERE device_seq = ?'),
    markSeen: db.prepare('INSERT INTO machine_seq_seen (machine_id, machine_seq, event_id, count_id, device_seq) VALUES (?, ?, ?, ?, ?)'),
    state: db.prepare('SELECT last_seq, last_counter FROM machine_resource_state WHERE resource_id = ?'),
    upsertState: db.prepare(
      `INSERT INTO machine_resource_state (resource_id, cell_id, last_seq, last_counter, last_count_at, last_mono_ms, boot_id)
       VALUES (@resource_id, @cell_id, @seq, @counter, @at, @mono, @boot)
       ON CONFLICT (resource_id) DO UPDATE SET
         cell_id = excluded.cell_id,
         last_seq = max(last_seq, excluded.last_seq),
         last_counter = CASE WHEN excluded.last_seq >= last_seq THEN coalesce(excluded.last_counter, last_counter) ELSE last_counter END,
         last_count_at = excluded.last_count_at, last_mono_ms = excluded.last_mono_ms, boot_id = excluded.boot_id`,
    ),
    insertCount: db.prepare('INSERT INTO machine_counts (count_id, cell_id, resource_id, delta, counted_at) VALUES (?, ?, ?, ?, ?)'),
    idem: db.prepare('SELECT request_hash, status, response FROM machine_idempotency WHERE machine_id = ? AND idem_key = ?'),
    saveIdem: db.prepare(
      'INSERT INTO machine_idempotency (machine_id, idem_key, request_hash, status, response, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    ),
  };
}
type Statements = ReturnType<typeof statements>;

export class CountIngest {
  private readonly s: Statements;

  constructor(private readonly deps: IngestDeps) {
    this.s = statements(deps.outbox.db);
  }

  /**
   * Queues record() in the committer's next group and resolves after that commit. One count runs
   * without a savepoint of its own: every check of record() and recordOne() (the Idempotency-Key,
   * the place, the timestamp) comes before any write, so its refusal leaves nothing to undo. With
   * several, a later count can be refused after earlier ones were written, and only a savepoint
   * undoes those.
   */
  submit(committer: GroupCommitter, account: MachineAccount, counts: CountInput[], idem?: { key: string; hash: string }): Promise<CountsAccepted> {
    return committer.submit(() => this.record(account, counts, idem), { refusesBeforeWriting: counts.length === 1 });
  }

  /**
   * Records a request's counts. Must run inside a transaction (the group commit's savepoint).
   * With an Idempotency-Key, a replay returns the stored answer; the same key with another body
   * is a conflict, never a silent second count.
   */
  record(account: MachineAccount, counts: CountInput[], idem?: { key: string; hash: string }): CountsAccepted {
    if (idem) {
      const prior = this.s.idem.get(account.machine_id, idem.key) as { request_hash: string; response: string } | undefined;
      if (prior) {
        if (prior.request_hash !== idem.hash)
          throw new MachineError(409, 'conflict', 'this Idempotency-Key was already used with a different body', 'Idempotency-Key');
        return JSON.parse(prior.response) as CountsAccepted;
      }
    }
    const results = counts.map((c, i) => this.recordOne(account, c, counts.length > 1 ? `[${i}].` : ''));
    const answer: CountsAccepted = { event_ids: results.map((r) => r.event_id), results };
    if (idem) {
      this.s.saveIdem.run(account.machine_id, idem.key, idem.hash, 202, JSON.stringify(answer), new Date(this.deps.outbox.clock.wallMs()).toISOString());
    }
    return answer;
  }

  private recordOne(account: MachineAccount, c: CountInput, at: string): CountResult {
    const seen = this.s.seen.get(account.machine_id, c.seq) as SeenRow | undefined;
    if (seen) {
      // The event is in the same transaction that marked the sequence seen, so it is always there.
      const { payload } = this.s.seenPayload.get(seen.device_seq) as { payload: string };
      const p = JSON.parse(payload) as { delta: number; counter_reset: boolean };
      return { seq: c.seq, event_id: seen.event_id, count_id: seen.count_id, delta: p.delta, counter_reset: p.counter_reset, duplicate: true };
    }
    const { cellId, resourceId } = this.place(account, c, at);
    const clock = this.deps.outbox.clock;
    const nowMs = clock.wallMs();
    let countedAt = new Date(nowMs).toISOString();
    if (c.timestamp !== undefined) {
      const t = Date.parse(c.timestamp);
      if (t > nowMs + this.deps.maxFutureSkewS * 1000)
        throw invalid(`${at}timestamp`, `is more than ${this.deps.maxFutureSkewS} s ahead of the terminal clock (${countedAt})`);
      countedAt = new Date(t).toISOString();
    }

    // No refusal below this line: submit() relies on every check coming first.
    let delta = c.delta ?? 0;
    let counterReset = false;
    if (c.counter !== undefined && resourceId) {
      const st = this.s.state.get(resourceId) as StateRow | undefined;
      if (!st || st.last_counter === null) delta = 0; // first reading is the baseline, not production
      else if (c.seq < st.last_seq) delta = 0; // a late, older reading: its cycles are inside a newer one
      else if (c.counter >= st.last_counter) delta = c.counter - st.last_counter;
      else {
        // Counters only go backwards when the machine reset them: what it shows now was made since.
        counterReset = true;
        delta = c.counter;
      }
      // A jump no machine can make in one reading (a swapped PLC, a counter preset) would book
      // months of output at once; it is taken as a new baseline instead.
      if (delta > (this.deps.maxCounterJump ?? 1_000_000)) delta = 0;
    }

    const countId = uuidv7(nowMs);
    const env = recordEvent(this.deps.outbox, {
      type: 'cycles.counted',
      actorId: account.machine_id,
      // The count is its own entity: pinning the resource row would hold back its pulled updates.
      entityId: countId,
      payload: {
        count_id: countId,
        machine_id: account.machine_id,
        cell_id: cellId,
        ...(resourceId ? { resource_id: resourceId } : {}),
        machine_seq: c.seq,
        delta,
        ...(c.counter !== undefined ? { counter: c.counter } : {}),
        counter_reset: counterReset,
        counted_at: countedAt,
      },
    });
    this.s.markSeen.run(account.machine_id, c.seq, env.event_id, countId, env.device_seq);
    this.s.insertCount.run(countId, cellId, resourceId ?? null, delta, countedAt);
    if (resourceId) {
      this.s.upsertState.run({
        resource_id: resourceId,
        cell_id: cellId,
        seq: c.seq,
        counter: c.counter ?? null,
        at: new Date(nowMs).toISOString(),
        mono: clock.monoMs(),
        boot: clock.bootId,
      });
      if (delta > 0) this.deps.onCounted?.(resourceId, cellId);
    }
    return { seq: c.seq, event_id: env.event_id, count_id: countId, delta, counter_reset: counterReset, duplicate: false };
  }

  /** Resolves the count's cell and resource and checks the machine may count there. */
  private place(account: MachineAccount, c: CountInput, at: string): { cellId: string; resourceId?: string } {
    const cells = this.deps.terminalCells();
    let cellId: string;
    let resourceId: string | undefined;
    if (c.resource_id !== undefined) {
      const r = this.s.resource.get(c.resource_id) as ResourceRow | undefined;
      if (!r) throw invalid(`${at}resource_id`, 'unknown resource');
      if (r.tenant_id !== account.tenant_id) throw forbidden(`${at}resource_id`, "the resource belongs to another tenant than the machine account");
      if (r.active !== 1) throw invalid(`${at}resource_id`, 'the resource is deactivated');
      if (!r.cell_id) throw invalid(`${at}resource_id`, 'the resource is not assigned to a cell');
      if (c.cell_id !== undefined && c.cell_id !== r.cell_id) throw invalid(`${at}cell_id`, 'does not match the resource’s cell');
      cellId = r.cell_id;
      resourceId = r.id;
    } else {
      const cell = this.s.cell.get(c.cell_id!) as CellRow | undefined;
      if (!cell) throw invalid(`${at}cell_id`, 'unknown cell');
      if (cell.tenant_id !== account.tenant_id) throw forbidden(`${at}cell_id`, 'the cell belongs to another tenant than the machine account');
      cellId = cell.id;
    }
    const own = this.deps.machineResources?.[account.machine_id];
    if (own) {
      if (resourceId && !own.includes(resourceId)) throw forbidden(`${at}resource_id`, 'this machine account may not count for that resource');
      if (!resourceId) {
        const mine = own.some((r) => (this.s.resource.get(r) as ResourceRow | undefined)?.cell_id === cellId);
        if (!mine) throw forbidden(`${at}cell_id`, 'this machine account has no resource in that cell');
      }
    }
    if (cells && !cells.includes(cellId)) {
      throw forbidden(resourceId ? `${at}resource_id` : `${at}cell_id`, 'this terminal does not serve that cell; post to the terminal of that cell');
    }
    return { cellId, ...(resourceId ? { resourceId } : {}) };
  }
}
