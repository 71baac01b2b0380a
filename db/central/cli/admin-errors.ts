// The admin CLI's refusal: bad input named by field with the reason, printed without a stack
// trace and ending the process with a non-zero exit. Nothing is written when one is thrown.
export class AdminInputError extends Error {
  constructor(
    readonly field: string,
    reason: string,
  ) {
    super(`${field}: ${reason}`);
    this.name = 'AdminInputError';
  }
}
