// session.roster: the login screen's tiles come from the core — the tenant's active people who can
// log in (employee id and PIN, not a machine), by name; never a PIN hash.
import { afterAll, describe, expect, it } from 'vitest';
import { cleanTempDirs } from '../support/tmp';
import { insertProfile, insertTenant } from '../support/local-fixtures';
import { harness, refused, value } from './harness';

afterAll(() => cleanTempDirs());

describe('session.roster', () => {
  it('lists who can log in here, and nobody else', async () => {
    const h = await harness();
    const tenantId = h.fx.tenantId;
    const left = await insertProfile(h.db, { tenantId, employeeId: '7001', pin: '1234', fullName: 'Left Company', active: false });
    const removed = await insertProfile(h.db, { tenantId, employeeId: '7002', pin: '1234', fullName: 'Removed Centrally' });
    h.db.prepare("UPDATE profiles SET deleted_at = '2026-01-01T00:00:00Z' WHERE id = ?").run(removed);
    const noPin = await insertProfile(h.db, { tenantId, employeeId: '7003', pin: null, fullName: 'No Pin Yet' });
    const elsewhere = await insertProfile(h.db, { tenantId: insertTenant(h.db), employeeId: '7004', pin: '1234', fullName: 'Other Tenant' });

    const { people } = value(await h.core.query('session.roster', {}));
    const ids = people.map((p) => p.profile_id);
    const p = h.fx.profiles;
    expect(new Set(ids)).toEqual(new Set([p.op1, p.op2, p.op3, p.supervisor, p.admin]));
    for (const out of [p.machine, left, removed, noPin, elsewhere]) expect(ids).not.toContain(out);
    const names = people.map((x) => x.full_name ?? '');
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' }) || 0));
    for (const person of people) expect(Object.keys(person).sort()).toEqual(['employee_id', 'full_name', 'profile_id', 'role']);
    expect(people.find((x) => x.profile_id === p.supervisor)).toMatchObject({ employee_id: h.fx.employees.supervisor, role: 'supervisor' });
    expect(JSON.stringify(people)).not.toContain('argon2');

    expect(value(await h.core.query('session.roster', { limit: 2 })).people).toHaveLength(2);
    refused(await h.core.query('session.roster', { limit: 0 }), 'validation', 'limit');
  });
});
