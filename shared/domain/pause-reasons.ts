// Why an operator paused: stable codes, defined once. Terminals record the code (and, for
// 'other', the operator's own words), never the label of whatever language the screen was in,
// so central reports group pauses the same from every terminal. Labels live in the locale files.
import { z } from 'zod';

export const PauseReasonCode = z.enum(['break', 'material', 'tooling', 'quality', 'other_job', 'end_of_shift', 'other']);
export type PauseReasonCode = z.infer<typeof PauseReasonCode>;

/**
 * The text an event carries for a pause: the operator's words when there are any, else the code
 * itself (stable, language-free), so the central's required `reason` text is always filled.
 */
export function pauseReasonText(code: PauseReasonCode | undefined, text: string | undefined): string {
  const words = text?.trim();
  return words ? words : (code ?? 'other');
}
