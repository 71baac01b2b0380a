// Wires the machine integration together for the host: the count ingest, the group committer,
// the HTTP API and (when configured) MQTT ingestion. One instance per terminal core.
import type { OutboxContext } from '../store/outbox';
import type { MachineConfig } from './config';
import { GroupCommitter } from './group-commit';
import { listenMachineHttp, type MachineHttpServer } from './http-server';
import { CountIngest } from './ingest';

export interface MachineServiceDeps {
  outbox: OutboxContext;
  config: MachineConfig;
  terminalCells: () => readonly string[] | null;
  /** Inside the group transaction after counts: the stop watcher closes stops there. */
  onCounted?: (resourceId: string, cellId: string) => void;
  onCommitted?: () => void;
  log?: (msg: string, err?: unknown) => void;
}

export interface MachineService {
  ingest: CountIngest;
  committer: GroupCommitter;
  http: MachineHttpServer | null;
  stop(): Promise<void>;
}

export async function startMachineService(deps: MachineServiceDeps): Promise<MachineService> {
  const { config } = deps;
  const ingest = new CountIngest({
    outbox: deps.outbox,
    terminalCells: deps.terminalCells,
    maxFutureSkewS: config.max_future_skew_s,
    ...(deps.onCounted ? { onCounted: deps.onCounted } : {}),
  });
  const committer = new GroupCommitter(deps.outbox.db, {
    windowMs: config.group_window_ms,
    maxJobs: config.group_max_requests,
    ...(deps.onCommitted ? { onCommitted: deps.onCommitted } : {}),
  });
  const http = config.enabled
    ? await listenMachineHttp({ db: deps.outbox.db, ingest, committer, config, ...(deps.log ? { log: deps.log } : {}) })
    : null;
  return {
    ingest,
    committer,
    http,
    async stop() {
      await http?.close();
      committer.close();
    },
  };
}
