// A fixed, in-memory TerminalBackend for the UI benchmarks ONLY: it answers the handful of queries
// the queue and operation screens read, with a queue of any size, so ui.bench.ts measures the
// renderer (render and tap feedback) and not SQLite. The real core is what the e2e suite drives.
// `operation.start` answers after `commitDelayMs`, like a durable commit would, so the benchmark
// can tell the instant pressed state from the confirmation.
import type { Result } from '../../../shared/contract';
import type { QueueEntry } from '../../../shared/contract/core-queries';
import type { PushListener, TerminalBackend } from '../../../electron/core/host/backend';
import { uuidv7 } from '../../../shared/domain/uuidv7';

export interface FixtureOptions {
  queueSize: number;
  commitDelayMs?: number;
}

const ok = <T>(value: T): Result<T> => ({ ok: true, value });

export function uiFixtureCore(opts: FixtureOptions): TerminalBackend & { cellId: string; firstOperationId: string } {
  const cellId = uuidv7();
  const profileId = uuidv7();
  const sections = ['in_process', 'ready', 'upcoming'] as const;
  const dueStates = ['overdue', 'due_soon', 'on_time', 'none'] as const;
  const entries: QueueEntry[] = Array.from({ length: opts.queueSize }, (_, i) => ({
    operation_id: uuidv7(),
    operation_name: `Op ${i + 1}`,
    sequence: (i % 9) + 1,
    status: i < 5 ? 'in_progress' : 'not_started',
    section: i < 5 ? sections[0] : i < opts.queueSize / 3 ? sections[1] : sections[2],
    cell_id: cellId,
    job_id: uuidv7(),
    job_number: `J-${10000 + i}`,
    customer: 'Bench customer',
    part_id: uuidv7(),
    part_number: `P-${2000 + (i % 300)}`,
    material: 'S235',
    is_bullet_card: i % 50 === 0,
    quantity: 100,
    produced: i % 100,
    good: i % 100,
    scrap: 0,
    rework: 0,
    estimated_hours: 2,
    actual_seconds: i * 30,
    due_date: new Date(Date.UTC(2026, 10, 22 + (i % 10))).toISOString(),
    due_state: dueStates[i % 4]!,
    clocked_on: [],
  }));
  const bySection = (s: (typeof sections)[number]) => {
    const list = entries.filter((e) => e.section === s);
    return { count: list.length, entries: list };
  };
  const target = entries.find((e) => e.status === 'not_started')!;
  const listeners = new Set<PushListener>();

  const queries: Record<string, (input: unknown) => unknown> = {
    'terminal.info': () => ({ device_id: uuidv7(), name: 'Bench terminal', tenant_id: uuidv7(), cells: [{ cell_id: cellId, name: 'Bench cell' }] }),
    'session.state': () => ({
      crew: [{ profile_id: profileId, employee_id: 'B1', full_name: 'Bench Operator', role: 'operator', open_time_entry_id: null, open_operation_id: null }],
      active_profile_id: profileId,
      locked: false,
    }),
    'queue.list': () => ({
      cells: [{ cell_id: cellId, cell_name: 'Bench cell', wip: { count: 5, limit: 10, warning_threshold: 8, state: 'ok', enforced: false }, sections: { in_process: bySection('in_process'), ready: bySection('ready'), upcoming: bySection('upcoming') } }],
    }),
    'operation.detail': (input) => {
      const id = (input as { operation_id?: string }).operation_id;
      const e = entries.find((x) => x.operation_id === id) ?? target;
      return { entry: e, on_hold_prior_status: null, time_entries: [], issues: [] };
    },
    'sync.status': () => ({ online: true, block: 'none', message: null, pending: 0, oldest_pending_age_ms: null, dead_letters: 0, last_sync_at: new Date().toISOString(), skew_ms: 0, skew_warning: false, last_error: null, next_attempt_at: null }),
    'reference.lists': () => ({ scrap_reasons: [], issue_categories: [] }),
  };

  return {
    cellId,
    firstOperationId: target.operation_id,
    async request(kind, name, input) {
      if (kind === 'query') {
        const q = queries[name];
        return q ? ok(q(input)) : { ok: false, error: { code: 'not_found', message: `fixture has no query ${name}` } };
      }
      if (name === 'operation.start') {
        await new Promise((r) => setTimeout(r, opts.commitDelayMs ?? 150));
        return ok({ time_entry_id: uuidv7(), paused_time_entry_id: null });
      }
      return { ok: false, error: { code: 'not_found', message: `fixture has no command ${name}` } };
    },
    onPush(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    async close() {
      listeners.clear();
    },
  };
}
