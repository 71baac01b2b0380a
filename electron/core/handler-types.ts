// Handler shapes for the dispatcher. A command handler returns its value AND the events its
// transaction committed (for data.changed and for the one-event-per-command rule); a query
// handler returns its value. Handler maps are typed from the contract records, so a handler's
// input is the parsed zod output and a typo in a name does not compile.
import type { z } from 'zod';
import type { Endpoint } from '../../shared/contract/define';
import type { coreCommands } from '../../shared/contract/core-commands';
import type { coreQueries } from '../../shared/contract/core-queries';
import type { EventEnvelope } from '../../shared/events';

export interface Handled<T> {
  value: T;
  events: EventEnvelope[];
}

type Awaitable<T> = T | Promise<T>;

export type CommandHandler<E extends Endpoint> = (input: z.output<E['input']>) => Awaitable<Handled<z.input<E['output']>>>;
export type QueryHandler<E extends Endpoint> = (input: z.output<E['input']>) => Awaitable<z.input<E['output']>>;

export type CommandHandlerMap<C extends Record<string, Endpoint>> = { [K in keyof C]: CommandHandler<C[K]> };
export type QueryHandlerMap<C extends Record<string, Endpoint>> = { [K in keyof C]: QueryHandler<C[K]> };

export type CommandHandlers<K extends keyof typeof coreCommands> = Pick<CommandHandlerMap<typeof coreCommands>, K>;
export type QueryHandlers<K extends keyof typeof coreQueries> = Pick<QueryHandlerMap<typeof coreQueries>, K>;

/** Loosely typed maps, as the dispatcher holds them after composition. */
export type AnyCommandHandler = (input: unknown) => Awaitable<Handled<unknown>>;
export type AnyQueryHandler = (input: unknown) => Awaitable<unknown>;
