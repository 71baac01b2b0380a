// The one schema of a machine count, shared by the HTTP API, MQTT ingestion and the OpenAPI
// document, so every path validates the same way and the document cannot drift from the code.
import { z } from 'zod';
import { invalid, MachineError } from './errors';

export const CountInput = z
  .strictObject({
    resource_id: z.uuid().optional().describe('The resource (machine) that counted. Needed for absolute counters.'),
    cell_id: z.uuid().optional().describe('The cell, when the count is not tied to one resource.'),
    delta: z.number().int().min(0).max(1_000_000).optional().describe('Cycles since the previous count.'),
    counter: z
      .number()
      .int()
      .min(0)
      .max(Number.MAX_SAFE_INTEGER)
      .optional()
      .describe('Absolute counter value; a value lower than the last one is read as a counter reset.'),
    seq: z
      .number()
      .int()
      .min(0)
      .max(Number.MAX_SAFE_INTEGER)
      .describe(
        "The machine's own sequence number, unique for the life of the machine account (a persistent counter, or a timestamp in ms). " +
          'A number already accepted is answered with duplicate: true and counted nothing; the central de-duplicates by it too.',
      ),
    timestamp: z.iso.datetime({ offset: true }).optional().describe('When the machine counted (ISO 8601 with offset); default: arrival.'),
  })
  .refine((c) => c.resource_id !== undefined || c.cell_id !== undefined, {
    message: 'a count needs a resource_id or a cell_id',
    path: ['resource_id'],
  })
  .refine((c) => (c.delta === undefined) !== (c.counter === undefined), {
    message: 'give exactly one of delta or counter',
    path: ['delta'],
  })
  .refine((c) => c.counter === undefined || c.resource_id !== undefined, {
    message: 'an absolute counter needs resource_id, to know which counter it continues',
    path: ['resource_id'],
  })
  .describe('One count: resource_id or cell_id; exactly one of delta or counter (counter needs resource_id); seq; optional timestamp.');
export type CountInput = z.infer<typeof CountInput>;

export const CountBody = z.union([CountInput, z.array(CountInput).min(1)]);

export const CountResult = z.object({
  seq: z.number().int(),
  event_id: z.uuid(),
  count_id: z.uuid(),
  delta: z.number().int(),
  counter_reset: z.boolean(),
  duplicate: z.boolean().describe('true when this sequence number was already accepted; nothing was counted again.'),
});
export type CountResult = z.infer<typeof CountResult>;

export const CountsAccepted = z.object({
  event_ids: z.array(z.uuid()),
  results: z.array(CountResult),
});
export type CountsAccepted = z.infer<typeof CountsAccepted>;

export const ErrorBody = z.object({
  error: z.object({
    code: z.string(),
    field: z.string().optional().describe('The input field at fault, e.g. "[2].delta" or "Authorization".'),
    message: z.string(),
  }),
});

export const Health = z.object({
  status: z.literal('ok'),
  queue_depth: z.number().int(),
  time: z.string(),
});

/** Parses a decoded JSON body into counts, or throws a 400 naming the first field at fault. */
export function parseCounts(raw: unknown, maxCounts: number): CountInput[] {
  const body = CountBody.safeParse(raw);
  if (body.success) {
    const list = Array.isArray(body.data) ? body.data : [body.data];
    if (list.length > maxCounts) throw invalid('body', `at most ${maxCounts} counts per request, got ${list.length}`);
    return list;
  }
  // A union hides which branch the caller meant; re-parse against the branch matching the shape.
  const issues = Array.isArray(raw) ? z.array(CountInput).min(1).safeParse(raw).error?.issues : CountInput.safeParse(raw).error?.issues;
  const first = issues?.[0];
  if (!first) throw invalid('body', 'expected a count object or a non-empty array of counts');
  const field = first.path.map((p) => (typeof p === 'number' ? `[${p}]` : String(p))).join('.').replace(/\.\[/g, '[') || 'body';
  throw new MachineError(400, 'validation', first.message, field.replace(/^\.?/, ''));
}
