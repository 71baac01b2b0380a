// Pause reasons as stable codes: a tile's code is recorded (with the code as the event's required
// text), 'other' needs the operator's words, unknown codes and missing reasons are refused by the
// contract with the field named, and nothing is written.
import { afterAll, describe, expect, it } from 'vitest';
import { PauseReasonCode } from '../../shared/domain/pause-reasons';
import { cleanTempDirs } from '../support/tmp';
import { harness, refused, value } from './harness';

afterAll(() => cleanTempDirs());

describe('pause reason codes', () => {
  it('records the code of a tile, and the words of "other"', async () => {
    const h = await harness();
    await h.login('op1');
    const op = h.fx.ops[0]!;
    const paused = () => (h.db.prepare("SELECT payload FROM outbox WHERE type = 'operation.paused' ORDER BY device_seq").all() as { payload: string }[]).map((r) => JSON.parse(r.payload) as Record<string, unknown>);
    value(await h.core.command('operation.start', { operation_id: op }));
    value(await h.core.command('operation.pause', { operation_id: op, reason_code: 'tooling' }));
    value(await h.core.command('operation.resume', { operation_id: op }));
    value(await h.core.command('operation.pause', { operation_id: op, reason_code: 'other', reason: '  Crane busy ' }));
    value(await h.core.command('operation.resume', { operation_id: op }));
    value(await h.core.command('operation.pause', { operation_id: op, reason: 'Typed without a code' }));
    expect(paused().map((p) => [p.reason_code, p.reason])).toEqual([
      ['tooling', 'tooling'],
      ['other', 'Crane busy'],
      [undefined, 'Typed without a code'],
    ]);
  });

  it('refuses an unknown code, "other" without words and no reason at all, writing nothing', async () => {
    const h = await harness();
    await h.login('op1');
    const op = h.fx.ops[0]!;
    value(await h.core.command('operation.start', { operation_id: op }));
    const count = () => (h.db.prepare('SELECT COUNT(*) AS n FROM outbox').get() as { n: number }).n;
    const before = count();
    refused(await h.core.command('operation.pause', { operation_id: op, reason_code: 'Tooling' as never }), 'validation', 'reason_code');
    refused(await h.core.command('operation.pause', { operation_id: op, reason_code: 'other' }), 'validation', 'reason');
    refused(await h.core.command('operation.pause', { operation_id: op, reason_code: 'other', reason: '   ' }), 'validation', 'reason');
    refused(await h.core.command('operation.pause', { operation_id: op }), 'validation', 'reason');
    expect(count()).toBe(before);
    expect(PauseReasonCode.options).toEqual(['break', 'material', 'tooling', 'quality', 'other_job', 'end_of_shift', 'other']);
  });
});
