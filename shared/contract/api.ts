// The typed API the renderer sees (window.terminal in Electron, the HTTP bridge in browser mode).
import type { z } from 'zod';
import type { Commands, CommandName } from './commands';
import type { InputOf, OutputOf, Result } from './define';
import type { PushEventName, PushEvents } from './push';
import type { Queries, QueryName } from './queries';

export interface TerminalApi {
  command<N extends CommandName>(name: N, input: InputOf<Commands[N]>): Promise<Result<OutputOf<Commands[N]>>>;
  query<N extends QueryName>(name: N, input: InputOf<Queries[N]>): Promise<Result<OutputOf<Queries[N]>>>;
  subscribe<N extends PushEventName>(name: N, listener: (payload: z.output<PushEvents[N]>) => void): () => void;
}

/** Channel names, defined once for the IPC relay and the preload. */
export const IPC_CHANNELS = {
  command: 'terminal:command',
  query: 'terminal:query',
  push: 'terminal:push',
} as const;
