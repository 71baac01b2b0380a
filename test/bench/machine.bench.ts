// Machine API benchmark: 20 concurrent machines posting single counts over loopback HTTP, each
// answered 202 only after the commit (synchronous=FULL, real fsync). Reports sustained counts/s,
// p99 latency, and the ratio against the same load with one transaction per request (group commit
// off), measured in the same run so the ratio means something on any machine.
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { openLocalStore } from '../../db/local/open';
import { systemClock } from '../../electron/core/clock';
import { machineConfig } from '../../electron/core/machine/config';
import { startMachineService } from '../../electron/core/machine/service';
import { uuidv7 } from '../../shared/domain/uuidv7';
import { seedReference } from '../machine/fixtures';
import { cleanTempDirs, tempDir } from '../support/tmp';
import type { BenchResult } from './run';

const CLIENTS = 20;
const DURATION_MS = Number(process.env.MACHINE_BENCH_MS ?? 4000);

async function load(groupMax: number): Promise<{ perS: number; p99: number; p50: number; stored: number; acked: number }> {
  const db = openLocalStore(join(tempDir('machine-bench-'), 'terminal.db'));
  const ref = seedReference(db);
  const svc = await startMachineService({
    outbox: { db, deviceId: uuidv7(), clock: systemClock() },
    config: machineConfig({ port: 0, group_max_requests: groupMax, group_window_ms: Number(process.env.MACHINE_BENCH_WINDOW_MS ?? 0), shed_queue_depth: 100_000 }),
    terminalCells: () => null,
    watch: false,
    publish: false,
    log: () => {},
  });
  // The machines run in a worker thread: they must not share the terminal's event loop.
  const worker = new Worker(new URL('./machine-load-worker.ts', import.meta.url), {
    workerData: { url: svc.http!.url, key: ref.machineKey, resource: ref.resA, clients: CLIENTS, durationMs: DURATION_MS },
  });
  const out = await new Promise<{ latencies: number[]; acked: number; other: number; elapsedMs: number }>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  await worker.terminate();
  if (out.other > 0) throw new Error(`${out.other} answers were not 202`);
  const { latencies, acked } = out;
  const elapsed = out.elapsedMs / 1000;
  await svc.stop();
  const stored = (db.prepare("SELECT count(*) AS n FROM outbox WHERE type = 'cycles.counted'").get() as { n: number }).n;
  db.close();
  latencies.sort((a, b) => a - b);
  return {
    perS: acked / elapsed,
    p99: latencies[Math.floor(latencies.length * 0.99)]!,
    p50: latencies[Math.floor(latencies.length * 0.5)]!,
    stored,
    acked,
  };
}

export async function run(): Promise<BenchResult[]> {
  try {
    const grouped = await load(512);
    const single = await load(1);
    if (grouped.stored !== grouped.acked || single.stored !== single.acked) throw new Error('acknowledged and stored counts differ');
    return [
      { name: 'machine_counts_per_s', value: grouped.perS, unit: 'counts/s (20 clients, 202 after commit)' },
      { name: 'machine_p99_ms', value: grouped.p99, unit: 'ms' },
      { name: 'machine_p50_ms', value: grouped.p50, unit: 'ms' },
      { name: 'machine_one_tx_per_request_per_s', value: single.perS, unit: 'counts/s (group commit off)' },
      { name: 'group_commit_ratio', value: grouped.perS / single.perS, unit: 'x (grouped / one transaction per request)' },
    ];
  } finally {
    cleanTempDirs();
  }
}
