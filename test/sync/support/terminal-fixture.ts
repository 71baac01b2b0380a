// A terminal's local side for sync tests: a real SQLite store on disk, the device identity in
// `meta`, and events appended through the real outbox (appendEvent), as the core would.
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import pg from 'pg';
import { openLocalStore } from '../../../db/local/open';
import { manualClock, type ManualClock } from '../../../electron/core/clock';
import { appendEvent } from '../../../electron/core/store/outbox';
import { setMeta } from '../../../electron/core/sync/sync-meta';
import type { EventEnvelope, EventPayload, EventType } from '../../../shared/events';
import { tempDir } from '../../support/tmp';

export const TERMINAL_LOGIN = 'sf_test_terminal';
export const TERMINAL_PASSWORD = 'sf_test_terminal_pw';

/** The URL a terminal uses: the low-privilege LOGIN role, never the superuser. */
export async function terminalUrl(superuserUrl: string): Promise<string> {
  const c = new pg.Client({ connectionString: superuserUrl });
  await c.connect();
  try {
    await c.query('SELECT create_terminal_login($1, $2)', [TERMINAL_LOGIN, TERMINAL_PASSWORD]);
  } finally {
    await c.end();
  }
  const u = new URL(superuserUrl);
  u.username = TERMINAL_LOGIN;
  u.password = TERMINAL_PASSWORD;
  return u.toString();
}

export interface LocalTerminal {
  db: Database.Database;
  file: string;
  clock: ManualClock;
  deviceId: string;
  append<T extends EventType>(type: T, payload: EventPayload<T>, actorId: string | null, entityId?: string): EventEnvelope;
}

export function openTerminal(opts: { deviceId: string; centralUrl?: string; credential?: string; file?: string; clock?: ManualClock }): LocalTerminal {
  const file = opts.file ?? join(tempDir('sync-term-'), 'terminal.db');
  const db = openLocalStore(file);
  const clock = opts.clock ?? manualClock();
  db.transaction(() => {
    setMeta(db, 'device_id', opts.deviceId);
    if (opts.centralUrl) setMeta(db, 'central_url', opts.centralUrl);
    if (opts.credential) setMeta(db, 'credential', opts.credential);
  })();
  return {
    db,
    file,
    clock,
    deviceId: opts.deviceId,
    append(type, payload, actorId, entityId) {
      clock.advance(1000);
      return db.transaction(() => appendEvent({ db, deviceId: opts.deviceId, clock }, { type, payload, actorId, entityId }))();
    },
  };
}
