// MQTT ingestion of machine counts (issue 6.2). The broker authenticates the publisher; the topic's
// resource is mapped to a machine account and a resource by configuration (`bindings`). Payloads go
// through the SAME schema and ingest path as HTTP. Delivery is QoS 1 and the PUBACK is sent only
// after the count's group transaction committed (mqtt.js customHandleAcks), so a crash before the
// commit means the broker redelivers; a redelivery is de-duplicated by the machine sequence.
// A message that can never be valid is acknowledged and dropped with a log line: redelivering it
// forever would block the machine's later counts. Sparkplug B-style topics carry JSON payloads
// here (not the protobuf encoding): {"timestamp": ms, "metrics": [{"name", "value"}], "seq"}.
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import type Database from 'better-sqlite3';
import type { MachineAccount } from './auth';
import { parseCounts, type CountInput } from './count-schema';
import type { MqttIngestConfig } from './config';
import { invalid, MachineError, parseJsonOrRefuse } from './errors';
import type { GroupCommitter } from './group-commit';
import type { CountIngest } from './ingest';
import { parseSparkplugTopic, topicMatches } from './mqtt-topics';

export interface MqttIngestDeps {
  db: Database.Database;
  ingest: CountIngest;
  committer: GroupCommitter;
  config: MqttIngestConfig;
  maxCounts: number;
  log?: (msg: string, err?: unknown) => void;
}

export interface MqttIngest {
  readonly connected: boolean;
  /** Messages refused as invalid (acknowledged and dropped). */
  readonly refused: number;
  close(): Promise<void>;
}

export function sparkplugCounts(payload: unknown, cfg: NonNullable<MqttIngestConfig['sparkplug']>): unknown[] {
  if (typeof payload !== 'object' || payload === null || !Array.isArray((payload as { metrics?: unknown }).metrics))
    throw invalid('metrics', 'a Sparkplug payload needs a metrics array');
  const p = payload as { timestamp?: unknown; metrics: { name?: unknown; value?: unknown; timestamp?: unknown }[] };
  const metric = (name: string) => p.metrics.find((m) => m && m.name === name);
  const count = metric(cfg.count_metric);
  if (!count) throw invalid('metrics', `no "${cfg.count_metric}" metric in the payload`);
  const seq = cfg.seq_metric ? metric(cfg.seq_metric)?.value : (count.timestamp ?? p.timestamp);
  const ts = count.timestamp ?? p.timestamp;
  return [
    {
      [cfg.count_kind === 'counter' ? 'counter' : 'delta']: count.value,
      seq,
      ...(typeof ts === 'number' ? { timestamp: new Date(ts).toISOString() } : {}),
    },
  ];
}

export function startMqttIngest(deps: MqttIngestDeps): MqttIngest {
  const cfg = deps.config;
  const log = deps.log ?? ((m: string, e?: unknown) => console.error(`[machine-mqtt] ${m}`, e ?? ''));
  const bindings = new Map(cfg.bindings.map((b) => [b.topic_resource, b]));
  const accountOf = deps.db.prepare('SELECT tenant_id FROM profiles WHERE id = ? AND is_machine = 1 AND active = 1 AND deleted_at IS NULL');
  const spTopic = cfg.sparkplug ? `spBv1.0/${cfg.sparkplug.group}/DDATA/+/+` : null;
  let refused = 0;
  let backoff = cfg.reconnect_min_ms;

  /** Topic + payload → the machine account and its counts, or a refusal naming the field. */
  function decode(topic: string, message: Buffer): { account: MachineAccount; counts: CountInput[] } {
    const raw = parseJsonOrRefuse(message, 'payload');
    let topicResource: string | undefined;
    let items: unknown[];
    const sp = spTopic && topicMatches(spTopic, topic) ? parseSparkplugTopic(topic) : null;
    if (sp && cfg.sparkplug) {
      topicResource = bindings.has(`${sp.edgeNode}/${sp.device}`) ? `${sp.edgeNode}/${sp.device}` : sp.device;
      items = sparkplugCounts(raw, cfg.sparkplug);
    } else {
      topicResource = topic.split('/')[cfg.resource_level];
      items = Array.isArray(raw) ? raw : [raw];
    }
    const binding = topicResource === undefined ? undefined : bindings.get(topicResource);
    if (!binding) throw new MachineError(403, 'forbidden', `no machine account is configured for "${topicResource ?? ''}"`, 'topic');
    const row = accountOf.get(binding.machine_id) as { tenant_id: string } | undefined;
    if (!row) throw new MachineError(403, 'forbidden', 'the configured machine account is unknown or inactive', 'topic');
    // The topic names the resource; a payload may repeat it but never point elsewhere.
    const withResource = items.map((it) => {
      if (typeof it !== 'object' || it === null || Array.isArray(it)) return it;
      const o = it as Record<string, unknown>;
      if (o.resource_id !== undefined && o.resource_id !== binding.resource_id) throw invalid('resource_id', `does not match the topic's resource (${topicResource})`);
      return { ...o, resource_id: binding.resource_id };
    });
    return { account: { machine_id: binding.machine_id, tenant_id: row.tenant_id }, counts: parseCounts(withResource.length === 1 ? withResource[0] : withResource, deps.maxCounts) };
  }

  const options: IClientOptions = {
    clean: false,
    clientId: cfg.client_id ?? `shopfloor-terminal-${process.pid}`,
    reconnectPeriod: cfg.reconnect_min_ms,
    connectTimeout: 10_000,
    ...(cfg.username !== undefined ? { username: cfg.username } : {}),
    ...(cfg.password !== undefined ? { password: cfg.password } : {}),
    ...(cfg.tls ? { ca: cfg.tls.ca, cert: cfg.tls.cert, key: cfg.tls.key, rejectUnauthorized: cfg.tls.reject_unauthorized } : {}),
  };
  const client: MqttClient = mqtt.connect(cfg.url, options);
  // mqtt.js sends the PUBACK of a QoS 1 message when handleMessage calls back, one message at a
  // time. Calling back only after the group commit makes the acknowledgement follow durability,
  // on every MQTT protocol version (customHandleAcks would need MQTT 5).
  client.handleMessage = (packet, callback) => {
    if (packet.cmd !== 'publish') return callback();
    const topic = packet.topic;
    const message = Buffer.from(packet.payload);
    let work: { account: MachineAccount; counts: CountInput[] };
    try {
      work = decode(topic, message);
    } catch (err) {
      refused++;
      log(`refused a message on ${topic}: ${(err as Error).message}`);
      return callback();
    }
    deps.ingest.submit(deps.committer, work.account, work.counts).then(
      () => callback(),
      (err: unknown) => {
        if (err instanceof MachineError) {
          refused++;
          log(`refused a message on ${topic}: ${err.message}`);
          return callback();
        }
        // Not stored: no PUBACK. Dropping the connection makes the broker redeliver it.
        log('store failure; the message will be redelivered', err);
        callback(err as Error);
        client.stream?.destroy();
      },
    );
  };

  client.on('connect', () => {
    backoff = cfg.reconnect_min_ms;
    client.options.reconnectPeriod = backoff;
    // Subscribe on every connect: a restarted broker may have lost the session.
    const subs: Record<string, { qos: 1 }> = { [cfg.topic]: { qos: 1 } };
    if (spTopic) subs[spTopic] = { qos: 1 };
    client.subscribe(subs, (err) => err && log('subscribe failed', err));
  });
  // Exponential backoff between reconnect attempts, up to the configured ceiling. Prepended: mqtt.js
  // arms its reconnect timer in its own 'close' listener, which must already see this attempt's wait.
  client.prependListener('close', () => {
    client.options.reconnectPeriod = backoff;
    backoff = Math.min(cfg.reconnect_max_ms, backoff * 2);
  });
  client.on('error', (err) => log('connection error', err));

  return {
    get connected() {
      return client.connected;
    },
    get refused() {
      return refused;
    },
    close: () => new Promise<void>((resolve) => client.end(false, {}, () => resolve())),
  };
}
