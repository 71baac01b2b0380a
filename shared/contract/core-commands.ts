// Commands of the terminal core (sessions, operations, quantities, downtime, issues, notes).
import { z } from 'zod';
import { endpoint } from './define';

export const coreCommands = {
  'session.ping': endpoint(z.object({}), z.object({ at: z.string() })),
} as const;
