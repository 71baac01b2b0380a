// The core honours its own contract: every core command and query has exactly one handler (checked
// at compose time), and what each returns parses against the contract's output schema, so the UI
// can trust the shapes it was built on.
import { afterAll, describe, expect, it } from 'vitest';
import { coreCommands } from '../../shared/contract/core-commands';
import { coreQueries } from '../../shared/contract/core-queries';
import { composeHandlers } from '../../electron/core/dispatch';
import { cleanTempDirs } from '../support/tmp';
import { harness, value } from './harness';

afterAll(cleanTempDirs);

describe('core contract', () => {
  it('composition refuses a missing, a duplicate or an unknown handler', () => {
    const contract = { a: coreCommands['session.lock'], b: coreCommands['session.lock'] };
    const h = () => ({ value: null, events: [] });
    expect(() => composeHandlers('command', contract, [{ a: h }])).toThrow(/without a handler: b/);
    expect(() => composeHandlers('command', contract, [{ a: h, b: h }, { b: h }])).toThrow(/more than one handler/);
    expect(() => composeHandlers('command', contract, [{ a: h, b: h, c: h }])).toThrow(/no entry in the contract/);
    expect(composeHandlers('command', contract, [{ a: h }, { b: h }]).size).toBe(2);
  });

  it('command and query outputs parse against the contract', async () => {
    const h = await harness();
    await h.login('op1');
    const outputs: [string, unknown][] = [];
    const cmd = async (name: keyof typeof coreCommands, input: Record<string, unknown>) => {
      const v = value(await h.core.request('command', name, input));
      outputs.push([name, v]);
      expect(coreCommands[name].output.safeParse(v).success, name).toBe(true);
      return v as Record<string, string>;
    };
    await cmd('operation.start', { operation_id: h.fx.ops[0] });
    await cmd('quantity.report', { operation_id: h.fx.ops[0], good: 1, scrap: 0, rework: 0 });
    const stop = await cmd('downtime.start', { cell_id: h.fx.cellA });
    await cmd('downtime.end', { downtime_id: stop.downtime_id });
    await cmd('issue.report', { operation_id: h.fx.ops[0], severity: 'low', description: 'x' });
    await cmd('note.add', { cell_id: h.fx.cellA, text: 'hi' });
    await cmd('operation.pause', { operation_id: h.fx.ops[0], reason: 'x' });
    await cmd('operation.resume', { operation_id: h.fx.ops[0] });
    await cmd('operation.complete', { operation_id: h.fx.ops[0] });
    const inputs: Record<keyof typeof coreQueries, Record<string, unknown>> = {
      'terminal.info': {},
      'session.state': {},
      'session.roster': {},
      'queue.list': {},
      'operation.detail': { operation_id: h.fx.ops[0] },
      'time_entries.to_review': {},
      'downtime.reasons': {},
      'downtime.list': {},
      'issue.list': {},
      'note.list': { cell_id: h.fx.cellA },
      'custom_fields.list': { cell_id: h.fx.cellA, phase: 'start' },
      'reference.lists': {},
    };
    for (const [name, input] of Object.entries(inputs) as [keyof typeof coreQueries, Record<string, unknown>][]) {
      const v = value(await h.core.request('query', name, input));
      const r = coreQueries[name].output.safeParse(v);
      expect(r.success, `${name}: ${r.success ? '' : JSON.stringify(r.error.issues)}`).toBe(true);
    }
    expect(outputs).toHaveLength(9);
  });
});
