// The `machine` section of the terminal configuration (issue 6): the local machine API's binding
// and limits, the load-shedding thresholds, the count watcher's k, and MQTT ingestion. Every field
// has a default so an empty section is a working, loopback-only API. The micro-stop threshold is
// not here: it is the core's downtime.micro_stop_seconds, one setting for operator and machine stops.
import { z } from 'zod';
import { AvailabilityMode } from '../../../shared/domain/enums';

/** How an MQTT topic's resource maps to a machine account and a resource row. */
const TopicBinding = z.object({
  /** The resource as it appears in the topic (ISA-95 `{resource}` level or Sparkplug device id). */
  topic_resource: z.string().min(1),
  resource_id: z.uuid(),
  /** The machine account (profiles.is_machine) the broker-authenticated messages act as. */
  machine_id: z.uuid(),
});

export const MqttIngestConfig = z.object({
  enabled: z.boolean().default(false),
  url: z.string().min(1).default('mqtt://127.0.0.1:1883'),
  username: z.string().optional(),
  password: z.string().optional(),
  /** TLS: CA and client certificate in PEM; `mqtts://` URLs turn TLS on. */
  tls: z.object({ ca: z.string().optional(), cert: z.string().optional(), key: z.string().optional(), reject_unauthorized: z.boolean().default(true) }).optional(),
  client_id: z.string().min(1).max(128).optional(),
  /** ISA-95 topic filter; the last level is the resource. `+` for any level. */
  topic: z.string().min(1).default('+/+/+/+/+/counts'),
  /** Which level of `topic` names the resource (0-based). Default: the fifth, `{resource}`. */
  resource_level: z.number().int().min(0).default(4),
  /** Sparkplug B-style naming (`spBv1.0/<group>/DDATA/<edge node>/<device>`) with JSON payloads. */
  sparkplug: z
    .object({
      group: z.string().min(1).default('+'),
      /** The metric that carries the count. */
      count_metric: z.string().min(1).default('count'),
      /** Whether that metric is an absolute counter or a delta. */
      count_kind: z.enum(['counter', 'delta']).default('counter'),
      /** Metric carrying the machine's sequence; without it the payload timestamp (ms) is the sequence. */
      seq_metric: z.string().min(1).optional(),
    })
    .optional(),
  bindings: z.array(TopicBinding).default([]),
  /** Reconnect backoff: starts at min, doubles to max. */
  reconnect_min_ms: z.number().int().min(10).default(1000),
  reconnect_max_ms: z.number().int().min(10).default(60_000),
});
export type MqttIngestConfig = z.infer<typeof MqttIngestConfig>;

export const MachineConfig = z.object({
  /** The machine integration as a whole (API, MQTT, count watcher, UNS publishing). */
  enabled: z.boolean().default(true),
  /** The local HTTP API alone; off leaves MQTT, the watcher and publishing running. */
  api_enabled: z.boolean().default(true),
  /** Loopback by default: exposing the API to the plant network is a deliberate choice. */
  host: z.string().min(1).default('127.0.0.1'),
  port: z.number().int().min(0).max(65535).default(8787),
  /** Request bodies above this many bytes are refused with 413 before they are parsed. */
  body_limit_bytes: z.number().int().min(256).default(256 * 1024),
  /** How long a verified machine key is trusted without a store lookup (a revocation's delay). */
  key_cache_ms: z.number().int().min(0).default(5000),
  /** An absolute counter moving more than this in one reading is a new baseline, not production. */
  max_counter_jump: z.number().int().min(1).default(1_000_000),
  /**
   * Which resources each machine account may count for. A machine without an entry may count for
   * any resource of the cells this terminal serves; one with an entry only for those (else 403).
   */
  machine_resources: z.record(z.uuid(), z.array(z.uuid())).default({}),
  /** Counts in one request. */
  max_counts_per_request: z.number().int().min(1).default(1000),
  /** How far a machine's timestamp may run ahead of the terminal's clock. */
  max_future_skew_s: z.number().min(0).default(120),
  /**
   * Group commit: wait at most this long for more counts to share a transaction. 0 still groups:
   * everything that arrived while the previous commit was syncing goes into the next one.
   */
  group_window_ms: z.number().min(0).default(1),
  /** ... and at most this many requests per transaction. 1 = one transaction per request. */
  group_max_requests: z.number().int().min(1).default(512),
  /** Shedding: requests waiting for a commit beyond this get 429 with Retry-After. */
  shed_queue_depth: z.number().int().min(1).default(2000),
  shed_retry_after_s: z.number().int().min(1).default(1),
  /** Count watcher: a counting resource silent for k × ideal cycle time gets an unexplained stop. */
  stop_k: z.number().min(1).default(3),
  /** Used when a resource has no ideal cycle time. */
  default_ideal_cycle_s: z.number().positive().default(60),
  watch_interval_ms: z.number().int().min(10).default(1000),
  /** At most one "counts changed" notice (live OEE refresh, sync wake-up) per this many ms. */
  change_notice_ms: z.number().int().min(10).default(1000),
  mqtt: MqttIngestConfig.default(MqttIngestConfig.parse({})),
  oee: z
    .object({
      /** Kartorium's availability mode (shared/domain/oee.ts explains each). */
      mode: AvailabilityMode.default('standard'),
      mode_by_cell: z.record(z.uuid(), AvailabilityMode).default({}),
      /** Shift start times (UTC HH:MM); a shift runs until the next start. */
      shift_starts_utc: z.array(z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (24-hour, UTC)')).default(['06:00', '14:00', '22:00']),
    })
    .prefault({}),
});
export type MachineConfig = z.infer<typeof MachineConfig>;
export type MachineConfigInput = z.input<typeof MachineConfig>;

export function machineConfig(input: MachineConfigInput = {}): MachineConfig {
  return MachineConfig.parse(input);
}
