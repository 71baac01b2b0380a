// Quantities as entered on the terminal, turned into the event's Quantities. `produced` is derived
// as good + scrap + rework; when the operator also typed it, it must agree, field named if not.
import type { Quantities } from '../events/payloads';

export interface QuantityEntry {
  good: number;
  scrap: number;
  rework: number;
  produced?: number | undefined;
  scrap_reasons: { reason_id: string; quantity: number }[];
}

/** The one definition of produced: every piece made, whatever became of it. */
export function producedOf(q: { good: number; scrap: number; rework: number }): number {
  return q.good + q.scrap + q.rework;
}

/** Pieces attributed to scrap reasons; never more than the scrap quantity. */
export function scrapReasonsTotal(lines: readonly { quantity: number }[]): number {
  return lines.reduce((s, l) => s + l.quantity, 0);
}

export type QuantityCheck = { ok: true; value: Quantities } | { ok: false; field: string; message: string };

export function checkQuantities(q: QuantityEntry): QuantityCheck {
  const sum = producedOf(q);
  if (q.produced !== undefined && q.produced !== sum) {
    return { ok: false, field: 'produced', message: `produced (${q.produced}) must equal good + scrap + rework (${sum})` };
  }
  const reasons = scrapReasonsTotal(q.scrap_reasons);
  if (reasons > q.scrap) {
    return { ok: false, field: 'scrap_reasons', message: `scrap reasons add up to ${reasons}, more than the scrap quantity ${q.scrap}` };
  }
  if (sum === 0) return { ok: false, field: 'good', message: 'report at least one piece (good, scrap or rework)' };
  return { ok: true, value: { good: q.good, scrap: q.scrap, rework: q.rework, produced: sum, scrap_reasons: q.scrap_reasons } };
}
