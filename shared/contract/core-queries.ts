// Queries and push events of the terminal core.
import { z } from 'zod';
import { endpoint } from './define';

export const coreQueries = {
  'terminal.info': endpoint(z.object({}), z.object({ device_id: z.string().nullable(), name: z.string().nullable() })),
} as const;

export const corePush = {} as const;
