// Commands, queries and push events of the machine integration (counts, auto downtime, OEE).
// - 'oee.live': availability, performance, quality and OEE per cell for the current shift (or a
//   given window), in the cell's availability mode unless one is asked for.
// - 'machine.unexplained_stops' (query and push): open stops the count watcher opened that nobody
//   has explained yet and that are too long to be micro-stops; the UI prompts for a reason.
// - 'machine.status': the local API's address, MQTT connection, and each resource's last count.
import { z } from 'zod';
import { AvailabilityMode } from '../domain/enums';
import { endpoint } from './define';

const ratio = z.number().nullable();

export const OeeSnapshot = z.object({
  cell_id: z.string(),
  cell_name: z.string().nullable(),
  mode: AvailabilityMode,
  window_start: z.string(),
  window_end: z.string(),
  elapsed_s: z.number(),
  run_s: z.number(),
  idle_s: z.number(),
  planned_downtime_s: z.number(),
  unplanned_downtime_s: z.number(),
  total_count: z.number(),
  good: z.number(),
  availability: ratio,
  performance: ratio,
  quality: ratio,
  oee: ratio,
  /** The OEE the cell's site aims for (0..1), when its OEE site sets one. */
  oee_target: ratio,
});
export type OeeSnapshot = z.infer<typeof OeeSnapshot>;

export const UnexplainedStop = z.object({
  downtime_id: z.string(),
  cell_id: z.string(),
  resource_id: z.string().nullable(),
  resource_name: z.string().nullable(),
  started_at: z.string(),
  open_for_s: z.number(),
});
export type UnexplainedStop = z.infer<typeof UnexplainedStop>;

export const UnexplainedStops = z.object({ stops: z.array(UnexplainedStop) });

export const MachineStatus = z.object({
  api_url: z.string().nullable(),
  mqtt: z.object({ enabled: z.boolean(), connected: z.boolean() }),
  resources: z.array(
    z.object({ resource_id: z.string(), name: z.string(), cell_id: z.string(), last_count_at: z.string().nullable(), last_counter: z.number().nullable() }),
  ),
});
export type MachineStatus = z.infer<typeof MachineStatus>;

export const machineCommands = {} as const;

export const machineQueries = {
  'oee.live': endpoint(
    z.object({
      cell_id: z.uuid().optional(),
      mode: AvailabilityMode.optional(),
      from: z.iso.datetime({ offset: true }).optional(),
      to: z.iso.datetime({ offset: true }).optional(),
    }),
    z.object({ cells: z.array(OeeSnapshot) }),
  ),
  'machine.unexplained_stops': endpoint(z.object({}), UnexplainedStops),
  'machine.status': endpoint(z.object({}), MachineStatus),
} as const;

export const machinePush = {
  'machine.unexplained_stops': UnexplainedStops,
} as const;
