// The postgres transport sends the batch as text with each stored payload spliced in verbatim
// (pushBatchText); the supabase transport sends values (pushBatchValues). Both must mean the same
// JSON as the entries with their payloads parsed, for every entry shape the queue produces.
import { describe, expect, it } from 'vitest';
import { pushBatchText, pushBatchValues, type PushEntry } from '../../electron/core/sync/protocol';

const stored = JSON.stringify({ note_id: 'n1', cell_id: 'c1', text: 'quote " backslash \\ brace } unicode é \u2028' });
const batch: PushEntry[] = [
  { event_id: 'e1', device_seq: 1, type: 'note.added', schema_version: 1, occurred_at: '2026-01-01T00:00:00.000Z', mono_ms: 1.5, boot_id: 'b', actor_id: null, payload_json: stored },
  { event_id: 'e2', device_seq: 2, skip: 'dead-lettered: "reason"' },
  { event_id: 'e3', device_seq: 3, type: 'note.added', payload: { already: 'parsed' } },
  { event_id: 'e4', device_seq: 4, payload_json: '[]' },
];
const expected = [
  { ...batch[0], payload_json: undefined, payload: JSON.parse(stored) as unknown },
  batch[1],
  batch[2],
  { event_id: 'e4', device_seq: 4, payload: [] },
].map((e) => JSON.parse(JSON.stringify(e)) as unknown);

describe('push batch encoding', () => {
  it('splices stored payload text into valid JSON equal to the parsed entries', () => {
    const text = pushBatchText(batch);
    expect(text).toContain(`"payload":${stored}`);
    expect(JSON.parse(text)).toEqual(expected);
  });

  it('gives a value-serialising transport the same batch with payloads parsed', () => {
    expect(JSON.parse(JSON.stringify(pushBatchValues(batch)))).toEqual(expected);
  });

  it('encodes an empty batch and an entry with nothing but a payload', () => {
    expect(pushBatchText([])).toBe('[]');
    expect(JSON.parse(pushBatchText([{ payload_json: '{"a":1}' } as PushEntry]))).toEqual([{ payload: { a: 1 } }]);
  });
});
