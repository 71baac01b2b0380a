// operation.detail `documents`: drawing number, CNC program, job/part/operation notes and the
// routing's resources, read from the reference rows in the local store (what the sync pull wrote);
// tombstoned resources and blank notes are left out.
import { afterAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../shared/domain/uuidv7';
import { cleanTempDirs } from '../support/tmp';
import { insertResource } from '../support/local-fixtures';
import { harness, refused, value } from './harness';

afterAll(() => cleanTempDirs());

describe('operation.detail documents', () => {
  it('shows the drawing, CNC program, notes and resources of the operation', async () => {
    const h = await harness();
    const op = h.fx.ops[0]!;
    const { part_id } = h.db.prepare('SELECT part_id FROM operations WHERE id = ?').get(op) as { part_id: string };
    const { job_id } = h.db.prepare('SELECT job_id FROM parts WHERE id = ?').get(part_id) as { job_id: string };
    h.db.prepare("UPDATE parts SET drawing_no = 'DRW-100 rev C', cnc_program_name = 'O1234', notes = 'Deburr all edges' WHERE id = ?").run(part_id);
    h.db.prepare("UPDATE jobs SET notes = 'Customer witness at final' WHERE id = ?").run(job_id);
    h.db.prepare("UPDATE operations SET notes = '   ' WHERE id = ?").run(op); // blank: no instruction
    const laser = insertResource(h.db, { tenantId: h.fx.tenantId, cellId: h.fx.cellA, name: 'Laser 2' });
    const fixture = insertResource(h.db, { tenantId: h.fx.tenantId, cellId: h.fx.cellA, name: 'Fixture F7' });
    const gone = insertResource(h.db, { tenantId: h.fx.tenantId, cellId: h.fx.cellA, name: 'Old press' });
    const link = h.db.prepare('INSERT INTO operation_resources (id, operation_id, resource_id, quantity, notes, deleted_at) VALUES (?, ?, ?, ?, ?, ?)');
    link.run(uuidv7(), op, laser, 1, 'Nozzle 2.0', null);
    link.run(uuidv7(), op, fixture, 2, null, null);
    link.run(uuidv7(), op, gone, 1, null, '2026-01-01T00:00:00Z'); // removed centrally

    const d = value(await h.core.query('operation.detail', { operation_id: op }));
    expect(d.documents).toEqual({
      drawing_number: 'DRW-100 rev C',
      cnc_program: 'O1234',
      job_notes: 'Customer witness at final',
      part_notes: 'Deburr all edges',
      operation_notes: null,
      resources: [
        { resource_id: fixture, name: 'Fixture F7', quantity: 2, notes: null },
        { resource_id: laser, name: 'Laser 2', quantity: 1, notes: 'Nozzle 2.0' },
      ],
    });
  });

  it('an operation with no documents has every field empty, and an unknown one is refused', async () => {
    const h = await harness();
    const d = value(await h.core.query('operation.detail', { operation_id: h.fx.ops[1]! }));
    expect(d.documents).toEqual({ drawing_number: null, cnc_program: null, job_notes: null, part_notes: null, operation_notes: null, resources: [] });
    refused(await h.core.query('operation.detail', { operation_id: uuidv7() }), 'not_found', 'operation_id');
  });
});
