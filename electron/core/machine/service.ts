// Wires the machine integration together for the host: the count ingest and its group committer,
// the HTTP API, MQTT ingestion (when configured), the UNS publisher, and the count watcher that
// opens and closes automatic stops and pushes the unexplained-stop prompt. One per terminal core.
import { stopWatcherRules } from './stop-rules';
import { parseCoreConfig, type CoreConfig } from '../config';
import type { RecordContext } from '../store/record';
import type { MachineConfig } from './config';
import { KEY_TABLES, KeyCache } from './auth';
import { GroupCommitter } from './group-commit';
import { listenMachineHttp, type MachineHttpServer } from './http-server';
import { CountIngest } from './ingest';
import { startMqttIngest, type MqttIngest } from './mqtt-ingest';
import { StopWatcher, type UnexplainedStop } from './stop-watcher';
import { startUnsPublisher, type UnsPublisher } from './uns-publisher';

export type MachinePush = (name: 'machine.unexplained_stops' | 'data.changed', payload: unknown) => void;

export interface MachineServiceDeps {
  outbox: RecordContext;
  config: MachineConfig;
  /**
   * The core's parsed config section. Machine stops end through the same code as an operator's,
   * so they take the same settings from it: downtime.micro_stop_seconds (micro-stop threshold,
   * also when an unexplained stop is prompted) and timers.max_across_boot_hours. Default: the
   * core's defaults.
   */
  core?: CoreConfig;
  terminalCells: () => readonly string[] | null;
  /** Push events to the renderer (the host's push channel). */
  push?: MachinePush;
  /** Start the UNS publisher over mqtt_publishers (default true). */
  publish?: boolean;
  /** Run the count watcher on a timer (default true; tests call watchOnce()). */
  watch?: boolean;
  log?: (msg: string, err?: unknown) => void;
}

export interface MachineService {
  ingest: CountIngest;
  committer: GroupCommitter;
  watcher: StopWatcher;
  http: MachineHttpServer | null;
  mqtt: MqttIngest | null;
  uns: UnsPublisher | null;
  /** Runs the watcher once: opens stops for silent resources and pushes the prompt list if it changed. */
  watchOnce(): void;
  /** A pull changed these local tables: a changed key or account is checked afresh at once. */
  referenceChanged(tables: readonly string[]): void;
  stop(): Promise<void>;
}

export async function startMachineService(deps: MachineServiceDeps): Promise<MachineService> {
  const { config } = deps;
  const push = deps.push ?? (() => {});
  const core = deps.core ?? parseCoreConfig();
  const watcher = new StopWatcher(deps.outbox, stopWatcherRules(config, core.downtime), deps.terminalCells, core.timers.max_across_boot_hours);
  let uns: UnsPublisher | null = null;
  const ingest = new CountIngest({
    outbox: deps.outbox,
    terminalCells: deps.terminalCells,
    maxFutureSkewS: config.max_future_skew_s,
    maxCounterJump: config.max_counter_jump,
    machineResources: config.machine_resources,
    onCounted: (resourceId) => watcher.onCount(resourceId),
  });
  let http: MachineHttpServer | null = null;
  let mqtt: MqttIngest | null = null;
  const committer = new GroupCommitter(deps.outbox.db, {
    windowMs: config.group_window_ms,
    maxJobs: config.group_max_requests,
    joinable: () => (http?.connections ?? 0) + (mqtt ? 1 : 0),
    onCommitted: () => {
      uns?.wake();
      countsChanged();
      // A count that ended a stop changes the downtime screen and may withdraw a prompt.
      if (watcher.takeClosed() > 0) {
        push('data.changed', { areas: ['downtime'] });
        pushPromptIfChanged();
      }
    },
  });

  // New counts change the live OEE and wake the sync upload; at thousands of counts a second the
  // notice is throttled to one per interval (leading and trailing), never one per commit.
  let countTimer: NodeJS.Timeout | null = null;
  let countPending = false;
  function countsChanged(): void {
    if (countTimer) {
      countPending = true;
      return;
    }
    push('data.changed', { areas: ['oee', 'machine'] });
    countTimer = setTimeout(function trailing() {
      countTimer = null;
      if (countPending) {
        countPending = false;
        countsChanged();
      }
    }, config.change_notice_ms);
  }

  let lastPrompt = '';
  function pushPromptIfChanged(): void {
    const stops: UnexplainedStop[] = watcher.unexplained();
    const key = stops.map((s) => s.downtime_id).join(',');
    if (key !== lastPrompt) {
      lastPrompt = key;
      push('machine.unexplained_stops', { stops });
    }
  }
  const watchOnce = () => {
    const opened = watcher.tick();
    if (opened.length > 0) {
      push('data.changed', { areas: ['downtime'] });
      uns?.wake();
    }
    pushPromptIfChanged();
  };

  const keys = new KeyCache(deps.outbox.db, config.key_cache_ms);
  http = config.api_enabled
    ? await listenMachineHttp({ db: deps.outbox.db, ingest, committer, config, keys, ...(deps.log ? { log: deps.log } : {}) })
    : null;
  mqtt = config.mqtt.enabled
    ? startMqttIngest({ db: deps.outbox.db, ingest, committer, config: config.mqtt, maxCounts: config.max_counts_per_request, ...(deps.log ? { log: deps.log } : {}) })
    : null;
  if (deps.publish ?? true) uns = startUnsPublisher({ db: deps.outbox.db, deviceId: deps.outbox.deviceId, ...(deps.log ? { log: deps.log } : {}) });
  const timer = (deps.watch ?? true) ? setInterval(() => {
    try {
      watchOnce();
    } catch (err) {
      (deps.log ?? console.error)('count watcher failed; retrying next tick', err);
    }
  }, config.watch_interval_ms) : null;

  return {
    ingest,
    committer,
    watcher,
    http,
    mqtt,
    get uns() {
      return uns;
    },
    watchOnce,
    referenceChanged(tables) {
      // A revoked key or a deactivated account must not keep working for the cache's lifetime.
      if (tables.some((t) => KEY_TABLES.includes(t))) keys.clear();
    },
    async stop() {
      if (timer) clearInterval(timer);
      if (countTimer) clearTimeout(countTimer);
      await http?.close();
      await mqtt?.close();
      committer.close();
      await uns?.close();
    },
  };
}
