// The cached terminal identity (electron/core/terminal-identity.ts) must never be stale: a write to
// `meta` through the same connection, through another connection, or inside a transaction that is
// rolled back is reflected by the next read; a read-only connection still reads it.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openLocalStore } from '../../db/local/open';
import { terminalIdentity } from '../../electron/core/terminal-identity';
import { setTerminalIdentity } from '../support/local-fixtures';
import { cleanTempDirs, tempDir } from '../support/tmp';

afterAll(cleanTempDirs);

function store() {
  const file = join(tempDir('identity-'), 'terminal.db');
  const db = openLocalStore(file);
  setTerminalIdentity(db, { deviceId: 'dev-1', tenantId: 'ten-1', name: 'Laser terminal', cellIds: ['c1'] });
  return { file, db };
}

describe('terminal identity cache', () => {
  it('reads the identity, and the same object while meta is unchanged', () => {
    const { db } = store();
    const a = terminalIdentity(db);
    expect(a).toEqual({ deviceId: 'dev-1', tenantId: 'ten-1', name: 'Laser terminal', cellIds: ['c1'] });
    expect(terminalIdentity(db)).toBe(a);
    expect(Object.isFrozen(a.cellIds)).toBe(true);
    db.close();
  });

  it('sees a write through the same connection, by any statement', () => {
    const { db } = store();
    terminalIdentity(db);
    db.prepare("UPDATE meta SET value = '[\"c1\",\"c2\"]' WHERE key = 'cell_ids'").run();
    expect(terminalIdentity(db).cellIds).toEqual(['c1', 'c2']);
    db.prepare("DELETE FROM meta WHERE key = 'terminal_name'").run();
    expect(terminalIdentity(db).name).toBeNull();
    db.prepare("INSERT INTO meta (key, value) VALUES ('terminal_name', 'Press brake')").run();
    expect(terminalIdentity(db).name).toBe('Press brake');
    db.close();
  });

  it('sees a commit by another connection', () => {
    const { file, db } = store();
    expect(terminalIdentity(db).deviceId).toBe('dev-1');
    const other = new Database(file);
    other.prepare("UPDATE meta SET value = 'dev-2' WHERE key = 'device_id'").run();
    other.close();
    expect(terminalIdentity(db).deviceId).toBe('dev-2');
    db.close();
  });

  it('does not keep what a rolled-back transaction wrote', () => {
    const { db } = store();
    terminalIdentity(db);
    const tx = db.transaction(() => {
      db.prepare("UPDATE meta SET value = 'ten-rolled-back' WHERE key = 'tenant_id'").run();
      expect(terminalIdentity(db).tenantId).toBe('ten-rolled-back');
      // Read twice inside: still not cached as the truth.
      expect(terminalIdentity(db).tenantId).toBe('ten-rolled-back');
      throw new Error('roll back');
    });
    expect(() => tx()).toThrow('roll back');
    expect(terminalIdentity(db).tenantId).toBe('ten-1');
    // A later read inside an unrelated transaction is the committed value too.
    db.transaction(() => expect(terminalIdentity(db).tenantId).toBe('ten-1'))();
    db.close();
  });

  it('reads through a read-only connection', () => {
    const { file, db } = store();
    db.close();
    const ro = openLocalStore(file, { readonly: true });
    expect(terminalIdentity(ro).tenantId).toBe('ten-1');
    ro.close();
  });
});
