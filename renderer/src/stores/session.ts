// The operator session as the core reports it ('session.state', refreshed on 'session.changed'):
// the crew, the active operator and whether the screen is locked. The renderer never decides who
// is logged in; it only asks the core and shows the answer.
import type { OutputOf, Queries } from '../../../shared/contract';
import { useQuery } from './query-store';

export type SessionState = OutputOf<Queries['session.state']>;
export type CrewMember = SessionState['crew'][number];

export const SESSION_AREAS = ['session'] as const;

export function useSession() {
  const q = useQuery('session.state', {}, SESSION_AREAS);
  const s = q.data;
  const active = s?.crew.find((c) => c.profile_id === s.active_profile_id) ?? null;
  return { state: s, active, loading: q.loading && !s, error: q.error, refresh: q.refresh };
}

export function useTerminalInfo() {
  return useQuery('terminal.info', {}, ['terminal', 'reference']);
}
