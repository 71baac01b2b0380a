// What every core handler works with: the store, the clock, the config, the terminal's identity
// (from `meta`, written by enrollment/sync) and the in-memory session. `writeTx` is the one way a
// command writes: ONE immediate SQLite transaction whose events go through `record`.
import type Database from 'better-sqlite3';
import type { EventEnvelope } from '../../shared/events';
import type { Clock } from './clock';
import type { CoreConfig } from './config';
import { refuse } from './errors';
import type { SessionMemory } from './session/memory';
import type { RecordContext } from './store/record';
import { terminalIdentity } from './terminal-identity';

export { terminalIdentity, type TerminalIdentity } from './terminal-identity';

export interface CoreContext {
  db: Database.Database;
  clock: Clock;
  config: CoreConfig;
  session: SessionMemory;
  /** Called after every commit (also a refused login's failure record), e.g. to push data.changed. */
  afterCommit?: (events: EventEnvelope[]) => void;
}

/** What a command's write function gets: where to record, and the cells this terminal serves
 *  (read once with the device id, so a command does not look its identity up twice). */
export interface WriteContext extends RecordContext {
  cellIds: readonly string[];
}

// One transaction wrapper per database, reused by every command: better-sqlite3 builds several
// closures for each db.transaction() call, which every tap would otherwise allocate and collect.
const runners = new WeakMap<Database.Database, Database.Transaction<(f: () => unknown) => unknown>>();

function runImmediate<T>(db: Database.Database, f: () => T): T {
  let r = runners.get(db);
  if (!r) {
    r = db.transaction((g: () => unknown) => g());
    runners.set(db, r);
  }
  return r.immediate(f) as T;
}

export interface WriteResult<T> {
  value: T;
  events: EventEnvelope[];
}

/**
 * Runs `fn` in ONE immediate transaction. Everything `fn` records commits together; a Refusal
 * (or any error) thrown inside rolls all of it back, so a refused command writes nothing.
 */
export function writeTx<T>(ctx: CoreContext, fn: (w: WriteContext) => T): WriteResult<T> {
  const emitted: EventEnvelope[] = [];
  // The identity is read inside the transaction: a read outside it would open and close a read
  // snapshot of its own, which costs about as much as the read.
  const value = runImmediate(ctx.db, () => {
    const identity = terminalIdentity(ctx.db);
    const deviceId = identity.deviceId;
    if (!deviceId) refuse('unavailable', 'This terminal is not enrolled yet, so it cannot record anything. Ask an administrator to enroll it.');
    return fn({ db: ctx.db, deviceId, clock: ctx.clock, emitted, cellIds: identity.cellIds });
  });
  if (emitted.length > 0) ctx.afterCommit?.(emitted);
  return { value, events: emitted };
}
