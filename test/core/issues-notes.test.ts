// Issues and NCRs (with photos stored as local attachments, size and type limits), the standstill
// hold and its release restoring the prior status, and shift handover notes.
import { afterAll, describe, expect, it } from 'vitest';
import { cleanTempDirs } from '../support/tmp';
import { harness, refused, value } from './harness';

afterAll(cleanTempDirs);

const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001', 'hex').toString('base64');

describe('issues and notes', () => {
  it('reports an NCR with a photo: bytes in attachments, metadata in the event', async () => {
    const h = await harness();
    await h.login('op1');
    const r = value(await h.core.command('issue.report', {
      operation_id: h.fx.ops[0], severity: 'high', issue_type: 'ncr', category_id: h.fx.issueCategory, description: 'Burr on edge',
      affected_quantity: 3, photos: [{ file_name: 'edge.png', mime_type: 'image/png', data_base64: png }],
    }));
    expect(r.attachment_ids).toHaveLength(1);
    const att = h.db.prepare('SELECT issue_id, size_bytes, length(data) AS n FROM attachments').get();
    expect(att).toEqual({ issue_id: r.issue_id, size_bytes: 20, n: 20 });
    const ev = h.core.lastEvents()[0]!;
    expect(ev.payload).toMatchObject({ issue_type: 'ncr', photos: [{ attachment_id: r.attachment_ids[0], size_bytes: 20 }] });
    expect(JSON.stringify(ev.payload)).not.toContain(png);
    const issues = value(await h.core.query('issue.list', {})).issues;
    expect(issues[0]).toMatchObject({ issue_id: r.issue_id, status: 'pending', photo_count: 1, affected_quantity: 3 });
  });

  it('refuses photos of another type, too large, or not base64, naming the photo field; writes nothing', async () => {
    const h = await harness({ issues: { photo_max_bytes: 16 } });
    await h.login('op1');
    const base = { operation_id: h.fx.ops[0], severity: 'low' as const, description: 'x' };
    refused(await h.core.command('issue.report', { ...base, photos: [{ file_name: 'a.exe', mime_type: 'application/x-msdownload', data_base64: 'AAAA' }] }), 'validation', 'photos.0.mime_type');
    refused(await h.core.command('issue.report', { ...base, photos: [{ file_name: 'a.png', mime_type: 'image/png', data_base64: png }] }), 'validation', 'photos.0.data_base64');
    refused(await h.core.command('issue.report', { ...base, photos: [{ file_name: 'a.png', mime_type: 'image/png', data_base64: 'not base64!' }] }), 'validation', 'photos.0.data_base64');
    refused(await h.core.command('issue.report', { ...base, category_id: '01a20143-0000-7000-8000-000000000000' }), 'not_found', 'category_id');
    expect(h.outboxCount()).toBe(1); // the login
    expect(h.db.prepare('SELECT count(*) AS n FROM attachments').get()).toEqual({ n: 0 });
  });

  it('a standstill issue holds the operation until it leaves pending, then restores the prior status', async () => {
    const h = await harness();
    await h.login('op1');
    value(await h.core.command('operation.start', { operation_id: h.fx.ops[0] }));
    const a = value(await h.core.command('issue.report', { operation_id: h.fx.ops[0], severity: 'critical', description: 'Coolant leak', causes_standstill: true }));
    const b = value(await h.core.command('issue.report', { operation_id: h.fx.ops[0], severity: 'high', description: 'Guard broken', causes_standstill: true }));
    let d = value(await h.core.query('operation.detail', { operation_id: h.fx.ops[0] }));
    expect([d.entry.status, d.on_hold_prior_status, d.entry.section]).toEqual(['on_hold', 'in_progress', 'in_process']);
    await h.login('op2');
    refused(await h.core.command('operation.start', { operation_id: h.fx.ops[0] }), 'conflict', 'operation_id');
    refused(await h.core.command('issue.set_status', { issue_id: a.issue_id, status: 'closed' }), 'forbidden', 'status');
    await h.login('supervisor');
    value(await h.core.command('issue.set_status', { issue_id: a.issue_id, status: 'closed', note: 'fixed' }));
    d = value(await h.core.query('operation.detail', { operation_id: h.fx.ops[0] }));
    expect(d.entry.status).toBe('on_hold'); // the second standstill issue is still pending
    value(await h.core.command('issue.set_status', { issue_id: b.issue_id, status: 'approved' }));
    d = value(await h.core.query('operation.detail', { operation_id: h.fx.ops[0] }));
    expect([d.entry.status, d.on_hold_prior_status]).toEqual(['in_progress', null]);
    refused(await h.core.command('issue.set_status', { issue_id: b.issue_id, status: 'approved' }), 'conflict', 'status');
  });

  it('shift handover notes per cell, newest first, with the author', async () => {
    const h = await harness();
    await h.login('op1');
    value(await h.core.command('note.add', { cell_id: h.fx.cellA, text: 'Laser lens cleaned' }));
    h.clock.advance(1000);
    await h.login('op2');
    value(await h.core.command('note.add', { cell_id: h.fx.cellA, text: 'Sheet stock low' }));
    refused(await h.core.command('note.add', { cell_id: h.fx.cellB, text: 'x' }), 'forbidden', 'cell_id');
    refused(await h.core.command('note.add', { cell_id: h.fx.cellA, text: '   ' }), 'validation', 'text');
    const notes = value(await h.core.query('note.list', { cell_id: h.fx.cellA })).notes;
    expect(notes.map((n) => [n.text, n.author_name])).toEqual([['Sheet stock low', 'Bo Operator'], ['Laser lens cleaned', 'Ada Operator']]);
  });
});
