// The only way the core writes an event: append it to the outbox and apply its projector, both in
// the caller's transaction. Exported so other areas (the machine's stop watcher) write stops
// through the same path and the rebuild property still holds.
import type { EventEnvelope, EventType } from '../../../shared/events';
import { project } from '../projections';
import { appendEvent, type NewEvent, type OutboxContext } from './outbox';

export interface RecordContext extends OutboxContext {
  /** Collects what a command emitted (for data.changed areas and the one-event rule in tests). */
  emitted?: EventEnvelope[];
}

export function record<T extends EventType>(ctx: RecordContext, ev: NewEvent<T>): EventEnvelope {
  const env = appendEvent(ctx, ev);
  project(ctx.db, env);
  ctx.emitted?.push(env);
  return env;
}
