// Sync's keys in the local `meta` table: where the central is, the device credential, the pull
// cursor and the last sync time. Kept in SQLite (not a settings file) so they commit atomically
// with the data they describe, e.g. the cursor with its page.
import type Database from 'better-sqlite3';

export type SyncMetaKey =
  | 'central_url'
  | 'publishable_key'
  | 'credential'
  | 'device_id'
  | 'tenant_id'
  | 'terminal_name'
  | 'cell_ids'
  | 'pull_cursor'
  | 'last_sync_at'
  | 'sync_block'
  | 'sync_block_message';

export function getMeta(db: Database.Database, key: SyncMetaKey): string | null {
  const r = db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined;
  return r?.value ?? null;
}

export function setMeta(db: Database.Database, key: SyncMetaKey, value: string | null): void {
  if (value === null) db.prepare('DELETE FROM meta WHERE key = ?').run(key);
  else db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
}
