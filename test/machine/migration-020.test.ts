// Migration 020 (machine state): builds the schema just before it, migrates, and checks the result
// keeps existing outbox rows and adds the machine tables with their de-dup keys.
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { openLocalStore } from '../../db/local/open';
import { cleanTempDirs, tempDir } from '../support/tmp';

afterAll(() => cleanTempDirs());

it('migrates a store from 019 to 020 keeping its rows', () => {
  const file = join(tempDir('m020-'), 'old.db');
  const old = openLocalStore(file, { targetVersion: 19 });
  expect(old.pragma('user_version', { simple: true })).toBeLessThan(20);
  old.prepare("INSERT INTO meta (key, value) VALUES ('device_id', 'x')").run();
  old.close();
  const db = openLocalStore(file);
  expect(db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(20);
  expect(db.prepare("SELECT value FROM meta WHERE key = 'device_id'").get()).toEqual({ value: 'x' });
  const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'machine_%' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
  expect(tables).toEqual(['machine_counts', 'machine_idempotency', 'machine_keys', 'machine_publish_cursor', 'machine_resource_state', 'machine_seq_seen']);
  db.prepare("INSERT INTO machine_seq_seen (machine_id, machine_seq, event_id, count_id) VALUES ('m', 1, 'e', 'c')").run();
  expect(() => db.prepare("INSERT INTO machine_seq_seen (machine_id, machine_seq, event_id, count_id) VALUES ('m', 1, 'e2', 'c2')").run()).toThrow(/UNIQUE|PRIMARY/);
  db.close();
});
