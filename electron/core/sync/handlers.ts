// The sync area's handler maps for the core's dispatcher (contract: shared/contract/sync-api.ts).
import type { syncCommands, syncQueries } from '../../../shared/contract/sync-api';
import type { CommandHandlerMap, QueryHandlerMap } from '../handler-types';
import type { SyncEngine } from './engine';

export function syncCommandHandlers(engine: SyncEngine): CommandHandlerMap<typeof syncCommands> {
  return {
    'sync.now': async () => ({ value: await engine.syncNow(), events: [] }),
  };
}

export function syncQueryHandlers(engine: SyncEngine): QueryHandlerMap<typeof syncQueries> {
  return {
    'sync.status': () => engine.status(),
    'sync.dead_letters': (input) => engine.deadLetters(input.limit),
  };
}
