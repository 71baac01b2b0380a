// The shape of the one contract between the renderer and the core. Commands change state (one
// durable local transaction each), queries read it, push events tell the UI something changed.
// The preload, the browser-mode bridge and the core's dispatcher are all built from these records,
// so a name or a schema exists in exactly one place.
import { z } from 'zod';

export interface Endpoint<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  input: I;
  output: O;
}

export function endpoint<I extends z.ZodType, O extends z.ZodType>(input: I, output: O): Endpoint<I, O> {
  return { input, output };
}

/** Why a command or query was refused. `field` names the input field at fault, when there is one. */
export const ErrorCode = z.enum([
  'validation', // the input is malformed: field + reason
  'not_found', // an id that does not exist (or is deleted) locally
  'forbidden', // the actor's role or cell does not allow it
  'conflict', // the current state does not allow it (e.g. already completed, out of sequence)
  'not_authenticated', // no active operator session
  'locked_out', // too many wrong PINs
  'unavailable', // the core is unreachable or restarting
  'internal', // a bug; the message says what to report
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const CommandError = z.object({
  code: ErrorCode,
  field: z.string().optional(),
  message: z.string(),
  /** Extra machine-readable detail, e.g. the open entry a Start would pause, or lockout end. */
  detail: z.record(z.string(), z.unknown()).optional(),
});
export type CommandError = z.infer<typeof CommandError>;

export type Result<T> = { ok: true; value: T } | { ok: false; error: CommandError };

export type InputOf<E> = E extends Endpoint<infer I, z.ZodType> ? z.input<I> : never;
export type OutputOf<E> = E extends Endpoint<z.ZodType, infer O> ? z.output<O> : never;
