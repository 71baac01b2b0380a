// Retry delays: exponential from 1 s doubling to 60 s with full jitter (a uniformly random delay
// up to the cap), so a plant full of terminals coming back after an outage does not stampede the
// central in lock-step. A server's Retry-After wins when it asks for longer.
export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1000, maxMs: 60_000 };

/** Delay before retry number `failures` (1 = first retry). */
export function backoffDelay(failures: number, policy: BackoffPolicy, random: () => number, retryAfterS: number | null = null): number {
  const cap = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, failures - 1));
  const jittered = Math.floor(random() * cap);
  return retryAfterS !== null ? Math.max(jittered, Math.min(retryAfterS * 1000, 3_600_000)) : jittered;
}
