// The sync suites' central (test/sync/support/sync-central.ts) with the fault proxy in front:
// terminals get the proxy's URL, so a test can drop, delay, partition or cut their traffic.
import { afterAll, beforeAll } from 'vitest';
import { useSyncCentral, type SyncCentral } from '../sync/support/sync-central';
import { startFaultProxy, type FaultProxy } from './proxy';

export interface FaultCentral extends SyncCentral {
  proxy: FaultProxy;
}

export function useFaultCentral(tenantName: string, cells: number): FaultCentral {
  const c = useSyncCentral(tenantName, cells) as FaultCentral;
  beforeAll(async () => {
    const u = new URL(c.directUrl);
    c.proxy = await startFaultProxy(u.hostname, Number(u.port));
    c.url = c.proxy.url(c.directUrl);
  });
  afterAll(async () => {
    await c.proxy?.close();
  });
  return c;
}
