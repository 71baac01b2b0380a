// Publishing the terminal's own events to the plant's MQTT broker (issue 6.3, the unified
// namespace), following the `mqtt_publishers` rows pulled from the central: broker, TLS, topic
// pattern with ISA-95 placeholders, default enterprise/site/area and the event filter.
// It is driven from the outbox AFTER the commit, with a cursor of its own per publisher
// (machine_publish_cursor, never the sync's sent flags), so it keeps publishing while the central
// is unreachable. At least once: QoS 1, and the cursor only moves past an event once the broker
// acknowledged it; a subscriber de-duplicates by the event id in every payload.
// Topic placeholders: {enterprise} {site} {area} {cell} {resource} {event} (the event type with
// '.' as '/': operation/started) {event_type} (as is) {device}.
import mqtt, { type MqttClient } from 'mqtt';
import type Database from 'better-sqlite3';
import { fillTopic } from './mqtt-topics';
import { sql } from '../store/statements';

interface PublisherRow {
  id: string;
  name: string;
  broker_url: string;
  port: number | null;
  username: string | null;
  password: string | null;
  use_tls: number;
  topic_pattern: string;
  events: string;
  default_enterprise: string | null;
  default_site: string | null;
  default_area: string | null;
  version: number;
}

interface EventRow {
  device_seq: number;
  event_id: string;
  type: string;
  payload: string;
  occurred_at: string;
  actor_id: string | null;
}

export interface UnsPublisherDeps {
  db: Database.Database;
  deviceId: string;
  /** How often to look for new events besides wake(); ms. */
  pollMs?: number;
  batch?: number;
  log?: (msg: string, err?: unknown) => void;
}

/** Broker URL from the seed's columns: host or URL, port, use_tls. */
export function brokerUrl(row: Pick<PublisherRow, 'broker_url' | 'port' | 'use_tls'>): string {
  const hasScheme = /^[a-z]+:\/\//i.test(row.broker_url);
  const u = new URL(hasScheme ? row.broker_url : `mqtt://${row.broker_url}`);
  if (row.use_tls === 1) u.protocol = u.protocol === 'ws:' || u.protocol === 'wss:' ? 'wss:' : 'mqtts:';
  if (row.port) u.port = String(row.port);
  return u.toString().replace(/\/$/, '');
}

function eventFilter(events: string): (type: string) => boolean {
  let list: string[] = [];
  try {
    const parsed: unknown = JSON.parse(events);
    if (Array.isArray(parsed)) list = parsed.filter((e): e is string => typeof e === 'string');
  } catch {
    list = events.replace(/[{}]/g, '').split(',').map((s) => s.trim()).filter(Boolean); // Postgres array text
  }
  // An empty filter publishes everything; `downtime.*` selects a family.
  if (list.length === 0) return () => true;
  return (t) => list.some((e) => e === t || (e.endsWith('.*') && t.startsWith(e.slice(0, -1))));
}

class OnePublisher {
  private client: MqttClient;
  private busy = false;
  private readonly accepts: (t: string) => boolean;

  constructor(
    readonly row: PublisherRow,
    private readonly deps: UnsPublisherDeps,
    private readonly log: (m: string, e?: unknown) => void,
  ) {
    this.accepts = eventFilter(row.events);
    const db = deps.db;
    // A new publisher starts at the current end of the outbox: it publishes what happens from now
    // on, not years of history into a live namespace.
    sql(db, 'INSERT INTO machine_publish_cursor (publisher_id, last_device_seq) SELECT ?, coalesce(max(device_seq), 0) FROM outbox WHERE true ON CONFLICT DO NOTHING').run(row.id);
    this.client = mqtt.connect(brokerUrl(row), {
      clientId: `shopfloor-uns-${deps.deviceId.slice(-12)}-${row.id.slice(-8)}`,
      clean: false,
      reconnectPeriod: 1000,
      ...(row.username ? { username: row.username } : {}),
      ...(row.password ? { password: row.password } : {}),
    });
    this.client.on('connect', () => void this.drain());
    this.client.on('error', (e) => this.log(`publisher ${row.name}: connection error`, e));
  }

  private cursor(): number {
    return (sql(this.deps.db, 'SELECT last_device_seq FROM machine_publish_cursor WHERE publisher_id = ?').get(this.row.id) as { last_device_seq: number }).last_device_seq;
  }

  private places(type: string, payload: Record<string, unknown>): { cell: string | null; resource: string | null } {
    const db = this.deps.db;
    const str = (v: unknown) => (typeof v === 'string' ? v : null);
    let cellId = str(payload.cell_id);
    const resourceId = str(payload.resource_id) ?? (type.startsWith('downtime.') && str(payload.downtime_id)
      ? ((sql(db, 'SELECT resource_id FROM downtime_stops WHERE id = ?').get(payload.downtime_id) as { resource_id: string | null } | undefined)?.resource_id ?? null)
      : null);
    if (!cellId && str(payload.operation_id)) cellId = (sql(db, 'SELECT cell_id FROM operations WHERE id = ?').get(payload.operation_id) as { cell_id: string } | undefined)?.cell_id ?? null;
    if (!cellId && str(payload.downtime_id)) cellId = (sql(db, 'SELECT cell_id FROM downtime_stops WHERE id = ?').get(payload.downtime_id) as { cell_id: string } | undefined)?.cell_id ?? null;
    const cell = cellId ? ((sql(db, 'SELECT name FROM cells WHERE id = ?').get(cellId) as { name: string } | undefined)?.name ?? cellId) : null;
    const resource = resourceId ? ((sql(db, 'SELECT name FROM resources WHERE id = ?').get(resourceId) as { name: string } | undefined)?.name ?? resourceId) : null;
    return { cell, resource };
  }

  private publish(topic: string, body: string): Promise<void> {
    return new Promise((resolve, reject) => this.client.publish(topic, body, { qos: 1 }, (err) => (err ? reject(err) : resolve())));
  }

  /** Publishes everything past the cursor, moving it after each acknowledged event. */
  async drain(): Promise<void> {
    if (this.busy || !this.client.connected) return;
    this.busy = true;
    try {
      const db = this.deps.db;
      const next = sql(db, 'SELECT device_seq, event_id, type, payload, occurred_at, actor_id FROM outbox WHERE device_seq > ? ORDER BY device_seq LIMIT ?');
      const move = sql(db, 'UPDATE machine_publish_cursor SET last_device_seq = ? WHERE publisher_id = ?');
      for (;;) {
        const rows = next.all(this.cursor(), this.deps.batch ?? 200) as EventRow[];
        if (rows.length === 0) break;
        for (const r of rows) {
          if (this.accepts(r.type)) {
            const payload = JSON.parse(r.payload) as Record<string, unknown>;
            const at = this.places(r.type, payload);
            const topic = fillTopic(this.row.topic_pattern, {
              enterprise: this.row.default_enterprise,
              site: this.row.default_site,
              area: this.row.default_area,
              cell: at.cell,
              resource: at.resource,
              event: r.type.replace(/\./g, '/'),
              event_type: r.type,
              device: this.deps.deviceId,
            });
            const body = JSON.stringify({
              event_id: r.event_id,
              type: r.type,
              occurred_at: r.occurred_at,
              device_id: this.deps.deviceId,
              device_seq: r.device_seq,
              actor_id: r.actor_id,
              payload,
            });
            await this.publish(topic, body);
          }
          move.run(r.device_seq, this.row.id);
        }
      }
    } catch (err) {
      this.log(`publisher ${this.row.name}: will retry`, err);
    } finally {
      this.busy = false;
    }
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.client.end(true, {}, () => resolve()));
  }
}

export interface UnsPublisher {
  /** Call after a commit: publishes new events now instead of at the next poll. */
  wake(): void;
  /** Re-reads mqtt_publishers now (it also notices changes by itself on the next poll). */
  reload(): Promise<void>;
  /** Publishes everything pending and resolves when every publisher is idle (tests, shutdown). */
  drain(): Promise<void>;
  close(): Promise<void>;
}

export function startUnsPublisher(deps: UnsPublisherDeps): UnsPublisher {
  const log = deps.log ?? ((m: string, e?: unknown) => console.error(`[uns] ${m}`, e ?? ''));
  let pubs = new Map<string, OnePublisher>();

  async function reload(): Promise<void> {
    const rows = sql(deps.db, 'SELECT * FROM mqtt_publishers WHERE active = 1 AND deleted_at IS NULL').all() as PublisherRow[];
    const next = new Map<string, OnePublisher>();
    for (const row of rows) {
      const cur = pubs.get(row.id);
      if (cur && cur.row.version === row.version) next.set(row.id, cur);
      else {
        await cur?.close();
        next.set(row.id, new OnePublisher(row, deps, log));
      }
    }
    for (const [id, p] of pubs) if (!next.has(id)) await p.close();
    pubs = next;
  }

  // The pulled configuration can change at any time: a cheap fingerprint on every poll picks up a
  // new, edited or removed publisher without the sync having to tell us.
  const fingerprint = () =>
    JSON.stringify(sql(deps.db, 'SELECT count(*) AS n, coalesce(max(version), 0) AS v, group_concat(id) AS ids FROM mqtt_publishers WHERE active = 1 AND deleted_at IS NULL').get());
  let seen = fingerprint();
  void reload();
  const timer = setInterval(() => {
    const now = fingerprint();
    if (now !== seen) {
      seen = now;
      void reload();
    }
    for (const p of pubs.values()) void p.drain();
  }, deps.pollMs ?? 500);

  return {
    wake() {
      for (const p of pubs.values()) void p.drain();
    },
    reload,
    async drain() {
      await Promise.all([...pubs.values()].map((p) => p.drain()));
    },
    async close() {
      clearInterval(timer);
      await Promise.all([...pubs.values()].map((p) => p.close()));
    },
  };
}
