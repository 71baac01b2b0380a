// Public face of sync for the host: the engine, its handler maps, and the transports.
export { createSyncEngine, type SyncEngine, type SyncEngineOptions } from './engine';
export { syncCommandHandlers, syncQueryHandlers } from './handlers';
export { createTransport, type SyncTransport } from './transport';
export { getMeta, setMeta } from './sync-meta';
