// Push events: what the core tells the renderer without being asked, merged from each area.
import { z } from 'zod';
import { corePush } from './core-queries';
import { syncPush } from './sync-api';
import { machinePush } from './machine-api';

export const pushEvents = {
  /** Local data changed; the renderer re-runs the queries that read these areas. */
  'data.changed': z.object({ areas: z.array(z.string()) }),
  ...corePush,
  ...syncPush,
  ...machinePush,
} as const;

export type PushEvents = typeof pushEvents;
export type PushEventName = keyof PushEvents;
