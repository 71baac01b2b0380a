// Queries: every read the renderer can ask of the core, merged from each area's part.
import { coreQueries } from './core-queries';
import { syncQueries } from './sync-api';
import { machineQueries } from './machine-api';

export const queries = { ...coreQueries, ...syncQueries, ...machineQueries } as const;

export type Queries = typeof queries;
export type QueryName = keyof Queries;
