// Refusals of the machine API. Every refusal names the field at fault and the reason, and carries
// the HTTP status it maps to, so HTTP and MQTT report the same thing the same way.
export type MachineErrorCode =
  | 'validation'
  | 'unauthenticated'
  | 'forbidden'
  | 'conflict'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'not_found'
  | 'method_not_allowed'
  | 'overloaded'
  | 'internal';

export class MachineError extends Error {
  constructor(
    readonly status: number,
    readonly code: MachineErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(field ? `${field}: ${message}` : message);
    this.name = 'MachineError';
  }

  toBody(): { error: { code: MachineErrorCode; field?: string; message: string } } {
    return { error: { code: this.code, ...(this.field ? { field: this.field } : {}), message: this.message } };
  }
}

export const invalid = (field: string, reason: string) => new MachineError(400, 'validation', reason, field);
export const forbidden = (field: string, reason: string) => new MachineError(403, 'forbidden', reason, field);

/** Parses a UTF-8 JSON body (HTTP) or payload (MQTT); malformed JSON is a refusal naming `field`. */
export function parseJsonOrRefuse(bytes: Buffer, field: string): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch (err) {
    throw invalid(field, `invalid JSON: ${(err as Error).message}`);
  }
}
