// Due-date state of a queue entry: the job's override wins over its due date (the caller passes
// the effective date), and "due soon" is a window before it. Pure, so the UI and core agree.
import type { DueState } from './enums';

export function dueState(effectiveDueIso: string | null, nowMs: number, dueSoonHours: number): DueState {
  if (!effectiveDueIso) return 'none';
  const due = Date.parse(effectiveDueIso);
  if (Number.isNaN(due)) return 'none';
  if (due < nowMs) return 'overdue';
  if (due - nowMs <= dueSoonHours * 3_600_000) return 'due_soon';
  return 'on_time';
}
