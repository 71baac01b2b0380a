// Refusals: a command or query that cannot proceed throws a Refusal carrying the typed
// CommandError (code, field, reason). Thrown inside the command's transaction it also rolls the
// transaction back, so a refused command writes nothing. The dispatcher turns it into a Result.
import type { CommandError, ErrorCode, Result } from '../../shared/contract/define';

export class Refusal extends Error {
  constructor(readonly error: CommandError) {
    super(error.message);
    this.name = 'Refusal';
  }
}

export function refuse(code: ErrorCode, message: string, field?: string, detail?: Record<string, unknown>): never {
  throw new Refusal({ code, message, ...(field ? { field } : {}), ...(detail ? { detail } : {}) });
}

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail(error: CommandError): Result<never> {
  return { ok: false, error };
}
