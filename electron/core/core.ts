// The terminal core: one instance per kiosk UI. createCore wires the store, the clock, the config,
// the in-memory session and every area's handlers into command / query / subscribe. A command is
// acknowledged only after its transaction commits; then `data.changed` (and session pushes) go out.
import type Database from 'better-sqlite3';
import { commands as allCommands, type CommandName, type Commands } from '../../shared/contract/commands';
import { coreCommands } from '../../shared/contract/core-commands';
import { coreQueries } from '../../shared/contract/core-queries';
import type { Endpoint, InputOf, OutputOf, Result } from '../../shared/contract/define';
import { pushEvents, type PushEventName, type PushEvents } from '../../shared/contract/push';
import { queries as allQueries, type QueryName, type Queries } from '../../shared/contract/queries';
import type { EventEnvelope } from '../../shared/events';
import type { z } from 'zod';
import { systemClock, type Clock } from './clock';
import { parseCoreConfig, type CoreConfig } from './config';
import type { CoreContext } from './context';
import { composeHandlers, parseInput, runHandler } from './dispatch';
import { downtimeCommands } from './downtime/handlers';
import { downtimeQueries } from './downtime/queries';
import type { AnyCommandHandler, AnyQueryHandler } from './handler-types';
import { issueCommands } from './issues/handlers';
import { issueQueries } from './issues/queries';
import { noteCommands } from './notes/handlers';
import { noteQueries } from './notes/queries';
import { sweepGhostTimers, type SweepResult } from './operations/ghost-sweep';
import { lifecycleCommands } from './operations/lifecycle';
import { quantityCommands } from './operations/quantities';
import { timerReviewCommands, timerReviewQueries } from './operations/timer-review';
import { rebuildProjections } from './projections';
import { queueQueries } from './queue/queries';
import { referenceQueries } from './reference-queries';
import { sessionState } from './session/crew';
import { sessionCommands } from './session/handlers';
import { newSessionMemory } from './session/memory';
import { startCheckpointer } from './store/checkpointer';

export interface CoreServices {
  ctx: CoreContext;
  /** Tell the UI that local data changed (e.g. after a sync pull page or a machine count). */
  emitDataChanged(areas: string[]): void;
  push(name: string, payload: unknown): void;
}

/**
 * Other areas' handler maps, typed at their definition (CommandHandlerMap<typeof syncCommands>,
 * QueryHandlerMap<...>); taken here as plain objects because handler inputs differ per name.
 * Composition checks every name against the contract at start-up.
 */
export interface CoreExtensions {
  commands?: readonly object[];
  queries?: readonly object[];
}

export interface CreateCoreOptions {
  db: Database.Database;
  clock?: Clock;
  /** The `core` section of the terminal config (defaults apply), or an already parsed one. */
  config?: unknown;
  /** 'full' (default) requires a handler for every contract name; 'core' serves the core part only (tests, tools). */
  contract?: 'full' | 'core';
  /** Other areas' handler maps, built with the core's services. */
  extensions?: (services: CoreServices) => CoreExtensions;
}

export type PushListener = (name: string, payload: unknown) => void;

export interface Core {
  command<N extends CommandName>(name: N, input: InputOf<Commands[N]>): Promise<Result<OutputOf<Commands[N]>>>;
  query<N extends QueryName>(name: N, input: InputOf<Queries[N]>): Promise<Result<OutputOf<Queries[N]>>>;
  /** Untyped entry points for the host seam (names and input come off the wire and are validated). */
  request(kind: 'command' | 'query', name: string, input: unknown): Promise<Result<unknown>>;
  subscribe<N extends PushEventName>(name: N, listener: (payload: z.output<PushEvents[N]>) => void): () => void;
  onPush(listener: PushListener): () => void;
  /** Close entries left open past the limit or shift end; the host calls it periodically and at start-up. */
  sweepGhostTimers(): SweepResult;
  /** Lock the screen if idle past the timeout; runs on a timer unless idle_check_ms is 0. */
  checkIdle(): boolean;
  rebuildProjections(): number;
  /** Events committed by the last acknowledged command (audit and tests). */
  lastEvents(): EventEnvelope[];
  readonly ctx: CoreContext;
  close(): void;
}

const AREAS: [string, string[]][] = [
  ['session.', ['session']],
  ['operation.', ['queue', 'operations']],
  ['time_entry.', ['queue', 'operations']],
  ['quantity.', ['queue', 'operations']],
  ['downtime.', ['downtime']],
  ['issue.', ['issues', 'queue']],
  ['note.', ['notes']],
];

export function areasOf(events: readonly EventEnvelope[]): string[] {
  const out = new Set<string>();
  for (const e of events) for (const [prefix, areas] of AREAS) if (e.type.startsWith(prefix)) areas.forEach((a) => out.add(a));
  return [...out];
}

export function createCore(opts: CreateCoreOptions): Core {
  const clock = opts.clock ?? systemClock();
  const config: CoreConfig = parseCoreConfig(opts.config ?? {});
  // Reads (the queue above all) touch a few hundred random pages per call; memory-mapped reads keep
  // them off the syscall path (the page cache size is set where the store is opened). Durability is
  // untouched: writes still go through the WAL with synchronous=FULL.
  opts.db.pragma('mmap_size = 268435456');
  const stopCheckpointer = startCheckpointer(opts.db);
  const ctx: CoreContext = { db: opts.db, clock, config, session: newSessionMemory(clock.monoMs()) };
  const listeners = new Set<PushListener>();
  const push = (name: string, payload: unknown) => {
    for (const l of [...listeners]) {
      try {
        l(name, payload);
      } catch {
        // A failing listener must not undo or block an acknowledged command.
      }
    }
  };
  const emitDataChanged = (areas: string[]) => {
    if (areas.length > 0) push('data.changed', { areas });
  };
  // Every commit tells the UI (and sync) what changed, including a refused login's failure record.
  ctx.afterCommit = (events) => emitDataChanged(areasOf(events));
  const ext = opts.extensions?.({ ctx, emitDataChanged, push }) ?? {};
  const full = (opts.contract ?? 'full') === 'full';
  const commandContract: Record<string, Endpoint> = full ? allCommands : coreCommands;
  const queryContract: Record<string, Endpoint> = full ? allQueries : coreQueries;
  const commandHandlers = composeHandlers<AnyCommandHandler>('command', commandContract, [
    sessionCommands(ctx), lifecycleCommands(ctx), quantityCommands(ctx), downtimeCommands(ctx), issueCommands(ctx), noteCommands(ctx), timerReviewCommands(ctx),
    ...(ext.commands ?? []),
  ] as unknown as Record<string, AnyCommandHandler>[]);
  const queryHandlers = composeHandlers<AnyQueryHandler>('query', queryContract, [
    referenceQueries(ctx), queueQueries(ctx), downtimeQueries(ctx), issueQueries(ctx), noteQueries(ctx), timerReviewQueries(ctx),
    ...(ext.queries ?? []),
  ] as unknown as Record<string, AnyQueryHandler>[]);

  let last: EventEnvelope[] = [];

  async function runCommand(name: string, input: unknown): Promise<Result<unknown>> {
    const parsed = parseInput('command', commandContract, name, input);
    if (!parsed.ok) return parsed;
    const handler = commandHandlers.get(name)!;
    const r = await runHandler(name, () => handler(parsed.value));
    if (!r.ok) return r;
    last = r.value.events;
    ctx.session.lastActivityMono = clock.monoMs();
    // a touch changes nothing anyone sees: no push, or every tap would re-query the session
    if (name.startsWith('session.') && name !== 'session.touch') push('session.changed', sessionState(ctx));
    if (name === 'session.lock') push('session.locked', { reason: 'manual' });
    return { ok: true, value: r.value.value };
  }

  async function runQuery(name: string, input: unknown): Promise<Result<unknown>> {
    const parsed = parseInput('query', queryContract, name, input);
    if (!parsed.ok) return parsed;
    const handler = queryHandlers.get(name)!;
    return runHandler(name, () => handler(parsed.value));
  }

  function checkIdle(): boolean {
    const s = ctx.session;
    if (s.locked || !s.activeProfileId) return false;
    if (clock.monoMs() - s.lastActivityMono < config.session.idle_lock_minutes * 60_000) return false;
    // Locking only hides the screen behind a PIN: no timer is closed, no crew member logged out.
    s.locked = true;
    push('session.locked', { reason: 'idle' });
    push('session.changed', sessionState(ctx));
    return true;
  }

  const idleTimer = config.session.idle_check_ms > 0 ? setInterval(checkIdle, config.session.idle_check_ms) : null;
  idleTimer?.unref();

  return {
    ctx,
    command: (name, input) => runCommand(name, input) as never,
    query: (name, input) => runQuery(name, input) as never,
    request: (kind, name, input) => (kind === 'command' ? runCommand(name, input) : runQuery(name, input)),
    subscribe(name, listener) {
      const l: PushListener = (n, payload) => {
        if (n === name) listener(payload as z.output<PushEvents[typeof name]>);
      };
      listeners.add(l);
      return () => listeners.delete(l);
    },
    onPush(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    sweepGhostTimers: () => sweepGhostTimers(ctx),
    checkIdle,
    rebuildProjections: () => rebuildProjections(ctx.db),
    lastEvents: () => last,
    close() {
      if (idleTimer) clearInterval(idleTimer);
      stopCheckpointer();
      listeners.clear();
    },
  };
}

/** Every push event name the core may send (for the host's relay). */
export const CORE_PUSH_NAMES = Object.keys(pushEvents);
