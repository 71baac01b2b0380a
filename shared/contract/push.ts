// Push events: what the core tells the renderer without being asked (sync state, data changed).
import { z } from 'zod';

export const pushEvents = {
  /** Local data changed; the renderer re-runs the queries that read these areas. */
  'data.changed': z.object({ areas: z.array(z.string()) }),
} as const;

export type PushEvents = typeof pushEvents;
export type PushEventName = keyof PushEvents;
