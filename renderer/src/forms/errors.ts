// Turning refusals into words in the operator's language: zod issues for fields as they type,
// and a command's CommandError after a refused command. The field name comes from the contract.
import type { z } from 'zod';
import type { CommandError, ErrorCode } from '../../../shared/contract';
import type { MessageKey, Translate } from '../i18n/i18n';

const CODE_KEYS: Record<ErrorCode, MessageKey> = {
  validation: 'error.validation',
  not_found: 'error.not_found',
  forbidden: 'error.forbidden',
  conflict: 'error.conflict',
  not_authenticated: 'error.not_authenticated',
  locked_out: 'error.locked_out',
  unavailable: 'error.unavailable',
  internal: 'error.internal',
};

/** One sentence for a refused command: the translated kind, then the core's own reason. */
export function describeError(t: Translate, e: CommandError): string {
  return `${t(CODE_KEYS[e.code])}: ${e.message}`;
}

type Issue = z.core.$ZodIssue;

export function describeIssue(t: Translate, issue: Issue): string {
  switch (issue.code) {
    case 'too_small':
      return issue.origin === 'string' && Number(issue.minimum) <= 1 ? t('validation.required') : t('validation.too_small', { min: String(issue.minimum) });
    case 'too_big':
      return issue.origin === 'string' ? t('validation.too_long', { max: String(issue.maximum) }) : t('validation.too_big', { max: String(issue.maximum) });
    case 'invalid_type':
      return issue.expected === 'number' ? t('validation.number') : t('validation.required');
    case 'invalid_format':
      return t('validation.format');
    case 'not_multiple_of':
      return t('validation.whole');
    default:
      return t('validation.invalid');
  }
}

/** Field → first reason, for every issue of a failed parse (nested paths joined with '.'). */
export function fieldErrors(t: Translate, schema: z.ZodType, value: unknown): Record<string, string> {
  const r = schema.safeParse(value);
  const out: Record<string, string> = {};
  if (r.success) return out;
  for (const issue of r.error.issues) {
    const key = issue.path.join('.') || '_';
    out[key] ??= describeIssue(t, issue);
  }
  return out;
}

/** A number field's text as a number for validation ('' stays undefined so "required" shows). */
export function numberOrUndefined(s: string | undefined): number | undefined {
  if (s === undefined || s.trim() === '') return undefined;
  return Number(s);
}
