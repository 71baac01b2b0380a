// The renderer's read side: a cache of query Results keyed by query name + input. It is fed only
// by the typed API; a 'data.changed' push re-runs the cached queries that read the changed areas.
// The core stays the single source of truth: nothing here is edited locally.
import { useEffect } from 'react';
import { create } from 'zustand';
import type { CommandError, InputOf, OutputOf, Queries, QueryName } from '../../../shared/contract';
import { terminalApi } from '../api/terminal-api';

interface Entry {
  name: QueryName;
  input: unknown;
  areas: readonly string[];
  value?: unknown;
  error?: CommandError;
  loading: boolean;
  users: number;
}

interface QueryStore {
  entries: Record<string, Entry>;
}

export const useQueries = create<QueryStore>(() => ({ entries: {} }));

function keyOf(name: string, input: unknown): string {
  return `${name}:${JSON.stringify(input ?? {})}`;
}

/** The latest request per key: two 'data.changed' pushes in a row start overlapping re-queries. */
const latest = new Map<string, number>();
let requests = 0;

async function run(key: string): Promise<void> {
  const e = useQueries.getState().entries[key];
  if (!e) return;
  const mine = ++requests;
  latest.set(key, mine);
  patch(key, { loading: true });
  const r = await terminalApi().query(e.name, e.input as never);
  // An answer that arrives after a newer request was sent is older data: applying it would show
  // the state from before the last commit until the next push (the screen would "go back").
  if (latest.get(key) !== mine) return;
  if (r.ok) patch(key, { value: r.value, error: undefined, loading: false });
  else patch(key, { error: r.error, loading: false });
}

function patch(key: string, p: Partial<Entry>): void {
  useQueries.setState((s) => {
    const cur = s.entries[key];
    return cur ? { entries: { ...s.entries, [key]: { ...cur, ...p } } } : s;
  });
}

/** Re-runs every cached query reading one of `areas` ('*' or an empty list: all of them). */
export function refreshAreas(areas: readonly string[]): void {
  const all = areas.length === 0 || areas.includes('*');
  for (const [key, e] of Object.entries(useQueries.getState().entries)) {
    if (all || e.areas.some((a) => areas.includes(a))) void run(key);
  }
}

/** Stores a value the core pushed for a query (e.g. 'sync.status'), as if the query had run. */
export function primeQuery<N extends QueryName>(name: N, input: InputOf<Queries[N]>, value: OutputOf<Queries[N]>): void {
  const key = keyOf(name, input);
  const cur = useQueries.getState().entries[key];
  if (cur) patch(key, { value, error: undefined, loading: false });
}

let subscribed = false;
/** Wires the push stream once: 'data.changed' → re-query. */
export function startQueryFeed(): void {
  if (subscribed) return;
  subscribed = true;
  const api = terminalApi();
  api.subscribe('data.changed', (p) => refreshAreas(p.areas));
  api.subscribe('session.changed', () => refreshAreas(['session']));
  api.subscribe('session.locked', () => refreshAreas(['session']));
  api.subscribe('sync.status', (status) => primeQuery('sync.status', {}, status));
  api.subscribe('machine.unexplained_stops', (stops) => primeQuery('machine.unexplained_stops', {}, stops));
}

export interface QueryState<T> {
  data: T | undefined;
  error: CommandError | undefined;
  loading: boolean;
  refresh(): void;
}

/**
 * Reads a query through the cache. `areas` names what data the query reads, matching the areas
 * the core lists in 'data.changed'. Pass `enabled: false` to skip (e.g. no cell chosen yet).
 */
export function useQuery<N extends QueryName>(
  name: N,
  input: InputOf<Queries[N]>,
  areas: readonly string[],
  enabled = true,
): QueryState<OutputOf<Queries[N]>> {
  const key = keyOf(name, input);
  const entry = useQueries((s) => s.entries[key]);
  useEffect(() => {
    if (!enabled) return;
    const s = useQueries.getState();
    const cur = s.entries[key];
    useQueries.setState({
      entries: { ...s.entries, [key]: cur ? { ...cur, users: cur.users + 1 } : { name, input, areas, loading: true, users: 1 } },
    });
    if (!cur) void run(key);
    return () => {
      const now = useQueries.getState().entries[key];
      if (now) patch(key, { users: now.users - 1 });
    };
    // the key captures name + input; areas are static per call site
  }, [key, enabled]);
  return {
    data: entry?.value as OutputOf<Queries[N]> | undefined,
    error: entry?.error,
    loading: entry?.loading ?? enabled,
    refresh: () => void run(key),
  };
}
