// Queries: every read the renderer can ask of the core. Filled in by the core issue.
import { endpoint } from './define';
import { z } from 'zod';

export const queries = {
  'terminal.info': endpoint(z.object({}), z.object({ device_id: z.string().nullable(), name: z.string().nullable() })),
} as const;

export type Queries = typeof queries;
export type QueryName = keyof Queries;
