// A cheap "is the central reachable again?" check, run on the poll tick while the queue is backing
// off: when it flips from unreachable to reachable the engine retries at once instead of sleeping
// out the rest of a 60 s backoff.
import { connect } from 'node:net';

export async function probeCentral(centralUrl: string, timeoutMs = 2000, fetchImpl: typeof fetch = fetch): Promise<boolean> {
  let url: URL;
  try {
    url = new URL(centralUrl);
  } catch {
    return false;
  }
  if (url.protocol === 'postgres:' || url.protocol === 'postgresql:') {
    const port = Number(url.port || 5432);
    return new Promise((resolve) => {
      const s = connect({ host: url.hostname, port, timeout: timeoutMs });
      const done = (ok: boolean) => {
        s.destroy();
        resolve(ok);
      };
      s.once('connect', () => done(true));
      s.once('timeout', () => done(false));
      s.once('error', () => done(false));
    });
  }
  try {
    await fetchImpl(url, { method: 'HEAD', signal: AbortSignal.timeout(timeoutMs) });
    return true;
  } catch {
    return false;
  }
}
