// A cell's work-in-process state against its `wip_limit` and `wip_warning_threshold` (Eryxon).
export type WipLevel = 'ok' | 'warning' | 'over' | 'none';

export function wipLevel(count: number, limit: number | null, warningThreshold: number | null): WipLevel {
  if (limit === null && warningThreshold === null) return 'none';
  if (limit !== null && count >= limit) return 'over';
  if (warningThreshold !== null && count >= warningThreshold) return 'warning';
  return 'ok';
}
