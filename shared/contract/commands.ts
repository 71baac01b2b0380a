// Commands: every state change the renderer can ask of the core. Filled in by the core issue.
import { endpoint } from './define';
import { z } from 'zod';

export const commands = {
  'session.ping': endpoint(z.object({}), z.object({ at: z.string() })),
} as const;

export type Commands = typeof commands;
export type CommandName = keyof Commands;
