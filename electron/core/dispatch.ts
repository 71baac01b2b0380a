// The generic dispatcher, built from the contract records in shared/contract. It composes the
// handler maps of every area (core, sync, machine), checking at compose time that each contract
// name has exactly one handler; validates input with the contract's zod schema; and returns a
// Result with a typed CommandError for every refusal. Unexpected errors become 'internal'.
import type { Endpoint, Result } from '../../shared/contract/define';
import { formatIssues } from '../../shared/events/envelope';
import { Refusal } from './errors';

export type Kind = 'command' | 'query';

/** Merges handler maps; throws if a name is handled twice, not handled, or not in the contract. */
export function composeHandlers<H>(kind: Kind, contract: Record<string, Endpoint>, maps: readonly Record<string, H>[]): Map<string, H> {
  const out = new Map<string, H>();
  for (const m of maps) {
    for (const [name, h] of Object.entries(m)) {
      if (!(name in contract)) throw new Error(`${kind} handler "${name}" has no entry in the contract`);
      if (out.has(name)) throw new Error(`${kind} "${name}" has more than one handler`);
      out.set(name, h);
    }
  }
  const missing = Object.keys(contract).filter((n) => !out.has(n));
  if (missing.length > 0) throw new Error(`${kind}s without a handler: ${missing.join(', ')}`);
  return out;
}

/** Parses input against the contract; a failure names the first field at fault and every reason. */
export function parseInput(kind: Kind, contract: Record<string, Endpoint>, name: string, input: unknown): Result<unknown> {
  const ep = contract[name];
  if (!ep) return { ok: false, error: { code: 'validation', field: 'name', message: `Unknown ${kind} "${name}".` } };
  const r = ep.input.safeParse(input ?? {});
  if (r.success) return { ok: true, value: r.data };
  const first = r.error.issues[0];
  const field = first && first.path.length > 0 ? first.path.map(String).join('.') : undefined;
  return { ok: false, error: { code: 'validation', ...(field ? { field } : {}), message: formatIssues(r.error.issues) } };
}

/** Runs a handler, turning a Refusal into its error and anything else into 'internal'. */
export async function runHandler<T>(name: string, fn: () => T | Promise<T>): Promise<Result<T>> {
  try {
    return { ok: true, value: await fn() };
  } catch (err) {
    if (err instanceof Refusal) return { ok: false, error: err.error };
    const message = err instanceof Error ? err.message : String(err);
    return { ok: false, error: { code: 'internal', message: `Something went wrong in ${name}; nothing was saved. Please report: ${message}` } };
  }
}
