// The sync loop (DESIGN section 6, issue 4 part 3). Pushes the outbox in device_seq order in
// batches (≤ 500 events / 256 KB), pulls reference pages, uploads photos and reports health.
// It never drops an event: the central either acknowledges it (applied or duplicate), records it
// as rejected (then it is dead-lettered here with the central's reason), or the loop keeps it and
// retries. Transient failures back off (1 s doubling to 60 s, full jitter, Retry-After honoured)
// and retry at once when the central becomes reachable again; a credential refusal or a central
// too old for this terminal stops the loop with a message and keeps the queue. A watchdog restarts
// a cycle that hangs, and re-arms a loop that stopped while work is pending.
import type Database from 'better-sqlite3';
import { SKEW_WARN_MS, type DeadLetter, type SyncBlock, type SyncStatus } from '../../../shared/contract/sync-api';
import { SCHEMA_VERSION } from '../../../shared/events';
import type { Clock } from '../clock';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffPolicy } from './backoff';
import { SyncCallError, toSyncError } from './errors';
import { createOutboxQueue, DEFAULT_LIMITS, type QueueLimits } from './outbox-queue';
import { probeCentral } from './probe';
import type { HeartbeatStats, PushEntry, PushResponse } from './protocol';
import { createPullApplier } from './pull-apply';
import { getMeta, setMeta } from './sync-meta';
import { createTransport, type SyncTransport, type TransportOptions } from './transport';
import { uploadPendingAttachments } from './attachments';
import { terminalIdentity } from '../terminal-identity';

/** Yields to the event loop once, so a request just handed to the transport is written to the
 *  socket before the caller runs synchronous SQLite work. */
const letRequestLeave = () => new Promise<void>((resolve) => setImmediate(resolve));

export interface SyncEngineOptions {
  db: Database.Database;
  clock: Clock;
  appVersion: string;
  transportFactory?: (centralUrl: string, opts: TransportOptions) => SyncTransport;
  limits?: QueueLimits;
  pullLimit?: number;
  /** How often the loop looks for work even without notify() (and probes while offline). */
  pollMs?: number;
  /** A cycle running longer than this is considered hung and restarted. */
  watchdogMs?: number;
  backoff?: BackoffPolicy;
  heartbeatEveryMs?: number;
  /** Extra figures the host adds to each heartbeat (the machine area's live OEE per cell). Sync
   *  does not compute them, so it never depends on the machine area. */
  heartbeatExtras?: () => Pick<HeartbeatStats, 'oee'>;
  random?: () => number;
  onStatus?: (status: SyncStatus) => void;
  /** Called after a pull page changed local reference data. */
  onDataChanged?: (tables: string[]) => void;
  /** Overrides the reachability probe (tests). */
  probe?: (centralUrl: string) => Promise<boolean>;
}

export interface SyncEngine {
  start(): void;
  stop(): Promise<void>;
  /** Called by the core after each commit: the upload starts within the debounce (≤ 1 s). */
  notify(): void;
  /** The network came back (or went away), as seen by the shell. */
  connectivityChanged(online: boolean): void;
  /** Runs a cycle now, skipping any backoff wait. */
  syncNow(): Promise<SyncStatus>;
  status(): SyncStatus;
  deadLetters(limit: number): DeadLetter[];
  /** Enrolls this terminal with a one-time code and stores the credential. */
  enroll(centralUrl: string, code: string, name: string, publishableKey?: string): Promise<{ deviceId: string; tenantId: string }>;
}

const NOTIFY_DEBOUNCE_MS = 50;

export function createSyncEngine(opts: SyncEngineOptions): SyncEngine {
  const { db, clock } = opts;
  const queue = createOutboxQueue(db);
  const applier = createPullApplier(db);
  const limits = opts.limits ?? DEFAULT_LIMITS;
  const policy = opts.backoff ?? DEFAULT_BACKOFF;
  const random = opts.random ?? Math.random;
  const pollMs = opts.pollMs ?? 5000;
  const watchdogMs = opts.watchdogMs ?? 90_000;
  const heartbeatEveryMs = opts.heartbeatEveryMs ?? 60_000;
  const factory = opts.transportFactory ?? createTransport;
  const probe = opts.probe ?? ((url: string) => probeCentral(url));

  let transport: SyncTransport | null = null;
  let transportUrl: string | null = null;
  let online = false;
  let block: SyncBlock = 'none';
  let message: string | null = null;
  let lastError: string | null = null;
  let failures = 0;
  let nextAttemptAt: number | null = null;
  let skewMs: number | null = null;
  let lastHeartbeatAt = 0;
  let lastProbeOk = true;

  let timer: NodeJS.Timeout | null = null;
  let pollTimer: NodeJS.Timeout | null = null;
  let watchdogTimer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let runStartedAt = 0;
  let generation = 0;
  let rerun = false;
  let stopped = true;

  function config() {
    const url = getMeta(db, 'central_url');
    const credential = getMeta(db, 'credential');
    if (!url || !credential) return null;
    return { url, credential, publishableKey: getMeta(db, 'publishable_key') ?? undefined };
  }

  function transportFor(url: string, publishableKey: string | undefined): SyncTransport {
    if (!transport || transportUrl !== url) {
      void transport?.close();
      transport = factory(url, { publishableKey });
      transportUrl = url;
    }
    return transport;
  }

  function nowIso(): string {
    return new Date(clock.wallMs()).toISOString();
  }

  /** Skew = server time minus the device time at the middle of the round trip. */
  function measureSkew(serverTime: string, sentAt: number, receivedAt: number) {
    const server = Date.parse(serverTime);
    if (!Number.isNaN(server)) skewMs = Math.round(server - (sentAt + receivedAt) / 2);
  }

  /** `skew = false` for a call whose answer may sit unread while the event loop is busy (a
   *  prefetched pull page): its round trip no longer brackets the server's clock reading. */
  async function timed<T extends { server_time: string }>(call: () => Promise<T>, t: SyncTransport, skew = true): Promise<T> {
    const sent = clock.wallMs();
    let res: T;
    try {
      res = await call();
    } catch (err) {
      const e = toSyncError(err);
      if (e.kind !== 'auth') throw e;
      // Auth: drop the connection (fresh login / key), then retry once before backing off.
      await t.reset();
      try {
        res = await call();
      } catch (err2) {
        const e2 = toSyncError(err2);
        throw e2.kind === 'auth' ? new SyncCallError('transient', e2.message, e2.retryAfterS, e2.code) : e2;
      }
    }
    if (skew) measureSkew(res.server_time, sent, clock.wallMs());
    online = true; // any answer from the central means we are connected
    return res;
  }

  async function pushBatch(t: SyncTransport, credential: string, batch: PushEntry[]): Promise<void> {
    let res: PushResponse;
    try {
      res = await timed(() => t.push(credential, batch), t);
    } catch (err) {
      return pushRefused(t, credential, batch, err);
    }
    queue.applyResults(res.results, nowIso());
  }

  /** A push of `batch` failed: resend after a central restore, split a refused batch down to the
   *  poisonous event and dead-letter it, or rethrow (transient, revoked, …) for the cycle. */
  async function pushRefused(t: SyncTransport, credential: string, batch: PushEntry[], err: unknown): Promise<void> {
    const e = toSyncError(err);
    if (e.kind === 'gap') {
      // The central lost events we hold as sent (it was restored from a backup): resend them.
      const expected = /expects device_seq (\d+)/.exec(e.message);
      const from = expected ? Number(expected[1]) : NaN;
      if (Number.isFinite(from) && from < batch[0]!.device_seq && queue.resendFrom(from) > 0) return;
      throw e;
    }
    if (e.kind !== 'permanent' && e.kind !== 'too_large') throw e;
    if (batch.length > 1) {
      // Isolate the poison: halves in order (the central refuses gaps, so the first half first).
      const mid = Math.ceil(batch.length / 2);
      await pushBatch(t, credential, batch.slice(0, mid));
      await pushBatch(t, credential, batch.slice(mid));
      return;
    }
    const only = batch[0]!;
    if (only.skip !== undefined) throw e; // even the skip marker is refused: stop, keep everything
    queue.deadLetter(only.device_seq, `refused by the central: ${e.message}`, nowIso());
    await pushBatch(t, credential, [{ event_id: only.event_id, device_seq: only.device_seq, skip: e.message.slice(0, 500) }]);
  }

  /** The central's verdicts on a batch, recorded here (and pulled rows they were holding back). */
  function recordPushed(res: PushResponse): void {
    queue.applyResults(res.results, nowIso());
    applier.applyDeferred();
  }

  async function pushAll(t: SyncTransport, credential: string): Promise<void> {
    // One batch at a time at the central (a batch may start only where the previous one ended:
    // SYNC.md). What overlaps is the terminal's own bookkeeping: the previous batch's verdicts are
    // recorded in SQLite while the next batch is at the central, instead of between the two. The
    // next batch is read past the previous one (`after`), whose rows are not marked sent yet. A
    // crash in between only makes the terminal resend both, which the central answers as
    // duplicates. An answer read after the recording does not measure skew (it may have waited).
    let answered: PushResponse | null = null;
    let after = 0;
    try {
      for (;;) {
        const batch = queue.nextBatch(limits, after);
        if (batch.length === 0) break;
        const overlapped: PushResponse | null = answered;
        const sent: Promise<PushResponse> = timed(() => t.push(credential, batch), t, overlapped === null);
        if (overlapped) {
          sent.catch(() => undefined); // its error is seen when it is awaited below
          await letRequestLeave();
          answered = null;
          recordPushed(overlapped);
        }
        try {
          answered = await sent;
          after = batch[batch.length - 1]!.device_seq;
        } catch (err) {
          await pushRefused(t, credential, batch, err);
          applier.applyDeferred();
          after = 0;
        }
      }
    } finally {
      // Verdicts already received are recorded even when a later batch failed.
      if (answered) recordPushed(answered);
    }
  }

  async function pullAll(t: SyncTransport, credential: string): Promise<void> {
    const fetchPage = (cursor: string | null, first: boolean) => timed(() => t.pull(credential, cursor, opts.pullLimit ?? 5000), t, first);
    let after = getMeta(db, 'pull_cursor');
    let next = fetchPage(after, true);
    for (;;) {
      const page = await next;
      if (rebound(page.cell_ids, after !== null)) {
        opts.onDataChanged?.(['cells']);
        if (after !== null) {
          // Moved to other cells centrally: their rows may be older than the cursor, so the pull
          // starts over (the new binding and the reset cursor were committed together).
          after = null;
          next = fetchPage(null, true);
          continue;
        }
        // A page from the start was already computed for the new binding: apply it as it is.
      }
      // The next page is asked for before this one is applied, so the central computes it while
      // SQLite writes this one. It starts from this page's cursor, which is exactly the cursor the
      // page's transaction stores; if the apply fails, the prefetched page is dropped unapplied.
      const ahead = page.more ? fetchPage(page.cursor, false) : null;
      ahead?.catch(() => undefined); // its error is seen when (if) it is awaited
      if (ahead) await letRequestLeave(); // before the synchronous apply
      const r = applier.applyPage(page.rows, page.cursor, after);
      if (r.tables.length > 0) opts.onDataChanged?.(r.tables);
      // A loop that lost the race to a newer cycle (the watchdog's) stops instead of going on.
      if (!ahead || r.stale) break;
      after = page.cursor;
      next = ahead;
    }
  }

  /** Stores a changed cell binding from a pull answer (and resets the pull cursor when asked, in
   *  the same transaction); true if the binding changed. */
  function rebound(cellIds: string[] | undefined, resetCursor: boolean): boolean {
    if (!cellIds) return false; // a central from before 051 does not say
    const sorted = (ids: readonly string[]) => JSON.stringify([...ids].sort());
    if (sorted(terminalIdentity(db).cellIds) === sorted(cellIds)) return false;
    db.transaction(() => {
      setMeta(db, 'cell_ids', JSON.stringify(cellIds));
      if (resetCursor) setMeta(db, 'pull_cursor', null);
    }).immediate();
    return true;
  }

  async function heartbeat(t: SyncTransport, credential: string): Promise<void> {
    if (clock.wallMs() - lastHeartbeatAt < heartbeatEveryMs && lastHeartbeatAt !== 0) return;
    const c = queue.counts();
    await timed(
      () =>
        t.heartbeat(credential, {
          app_version: opts.appVersion,
          schema_version: SCHEMA_VERSION,
          queue_depth: c.pending,
          oldest_pending_age_s: c.oldestPendingAt ? Math.max(0, (clock.wallMs() - Date.parse(c.oldestPendingAt)) / 1000) : null,
          dead_letters: c.dead,
          clock_skew_ms: skewMs,
          ...extras(),
        }),
      t,
    );
    lastHeartbeatAt = clock.wallMs();
  }

  // A failing provider costs the heartbeat its extras, never the heartbeat (the health figures
  // matter more) and never the sync cycle.
  function extras(): Pick<HeartbeatStats, 'oee'> {
    try {
      return opts.heartbeatExtras?.() ?? {};
    } catch {
      return {};
    }
  }

  function setBlock(b: SyncBlock, msg: string | null) {
    block = b;
    message = msg;
    setMeta(db, 'sync_block', b === 'none' ? null : b);
    setMeta(db, 'sync_block_message', msg);
  }

  async function cycle(gen: number): Promise<void> {
    const cfg = config();
    if (!cfg) {
      setBlock('not_enrolled', 'This terminal is not enrolled with a central yet; its work is kept locally.');
      return;
    }
    let t: SyncTransport;
    try {
      t = transportFor(cfg.url, cfg.publishableKey);
    } catch (err) {
      setBlock('not_enrolled', (err as Error).message);
      return;
    }
    try {
      await pushAll(t, cfg.credential);
      await pullAll(t, cfg.credential);
      await uploadPendingAttachments(db, t, cfg.credential);
      await heartbeat(t, cfg.credential);
      if (gen !== generation) return;
      online = true;
      failures = 0;
      lastError = null;
      nextAttemptAt = null;
      lastProbeOk = true;
      if (block !== 'none') setBlock('none', null);
      setMeta(db, 'last_sync_at', nowIso());
    } catch (err) {
      if (gen !== generation) return;
      const e = toSyncError(err);
      lastError = e.message;
      if (e.kind === 'revoked') {
        online = true;
        setBlock('revoked', `The central refused this terminal's credential (${e.message}). Syncing has stopped; all work stays queued on this terminal. Ask an administrator to enroll it again.`);
        return;
      }
      if (e.kind === 'too_new') {
        online = true;
        setBlock('central_too_old', `The central is older than this terminal (${e.message}). Nothing is lost: the queue is kept until the central is upgraded.`);
        scheduleRetry(policy.maxMs);
        return;
      }
      if (e.kind === 'gap') {
        online = true;
        setBlock('gap', `The central is missing earlier events of this terminal (${e.message}).`);
        scheduleRetry(policy.maxMs);
        return;
      }
      // Transient (and anything unexpected): back off and keep the queue.
      online = e.kind !== 'transient' ? online : false;
      failures++;
      lastProbeOk = false;
      scheduleRetry(backoffDelay(failures, policy, random, e.retryAfterS));
    }
  }

  function emit() {
    opts.onStatus?.(status());
  }

  function clearTimer() {
    if (timer) clearTimeout(timer);
    timer = null;
  }

  function scheduleRetry(delayMs: number) {
    nextAttemptAt = clock.wallMs() + delayMs;
    schedule(delayMs);
  }

  function schedule(delayMs: number) {
    if (stopped) return;
    clearTimer();
    timer = setTimeout(() => {
      timer = null;
      void run();
    }, delayMs);
    timer.unref?.();
  }

  function run(): Promise<void> {
    if (running) {
      rerun = true;
      return running;
    }
    const gen = ++generation;
    runStartedAt = Date.now();
    const p = cycle(gen)
      .catch((err: unknown) => {
        lastError = `internal: ${(err as Error).message}`;
        failures++;
        scheduleRetry(backoffDelay(failures, policy, random));
      })
      .finally(() => {
        if (gen !== generation) return;
        running = null;
        emit();
        if (rerun) {
          rerun = false;
          if (block === 'none' && nextAttemptAt === null) schedule(0);
        }
      });
    running = p;
    return p;
  }

  async function pollTick() {
    if (stopped) return;
    if (block === 'revoked' || (block === 'not_enrolled' && !config())) return;
    if (!running && nextAttemptAt !== null && !lastProbeOk) {
      const cfg = config();
      if (cfg && (await probe(cfg.url))) {
        // Reachable again: retry at once rather than sleeping out the backoff.
        lastProbeOk = true;
        failures = 0;
        nextAttemptAt = null;
        schedule(0);
      }
      return;
    }
    if (!running && nextAttemptAt === null && !timer) schedule(0);
  }

  function watchdog() {
    if (stopped) return;
    if (running && Date.now() - runStartedAt > watchdogMs) {
      // A call that never returns (half-open TCP, a stuck proxy): abandon it, drop the
      // connection and start a fresh cycle. The abandoned call's late answer is harmless:
      // everything it could record is idempotent.
      generation++;
      running = null;
      lastError = `sync cycle made no progress for ${Math.round(watchdogMs / 1000)} s; restarted`;
      void transport?.reset();
      schedule(0);
      return;
    }
    if (!running && !timer && block === 'none' && queue.counts().pending > 0) schedule(0);
  }

  function status(): SyncStatus {
    const c = queue.counts();
    return {
      online,
      block,
      message,
      pending: c.pending,
      oldest_pending_age_ms: c.oldestPendingAt ? Math.max(0, clock.wallMs() - Date.parse(c.oldestPendingAt)) : null,
      dead_letters: c.dead,
      last_sync_at: getMeta(db, 'last_sync_at'),
      skew_ms: skewMs,
      skew_warning: skewMs !== null && Math.abs(skewMs) > SKEW_WARN_MS,
      last_error: lastError,
      next_attempt_at: nextAttemptAt !== null ? new Date(nextAttemptAt).toISOString() : null,
    };
  }

  const storedBlock = getMeta(db, 'sync_block') as SyncBlock | null;
  if (storedBlock === 'revoked') {
    block = 'revoked';
    message = getMeta(db, 'sync_block_message');
  }

  return {
    start() {
      if (!stopped) return;
      stopped = false;
      pollTimer = setInterval(() => void pollTick(), pollMs);
      pollTimer.unref?.();
      watchdogTimer = setInterval(watchdog, Math.max(50, Math.floor(watchdogMs / 3)));
      watchdogTimer.unref?.();
      schedule(0);
    },
    async stop() {
      stopped = true;
      clearTimer();
      if (pollTimer) clearInterval(pollTimer);
      if (watchdogTimer) clearInterval(watchdogTimer);
      await running?.catch(() => undefined);
      await transport?.close();
      transport = null;
    },
    notify() {
      if (stopped || block === 'revoked') return;
      // During a backoff the retry timer stands: a burst of commits must not hammer a sick central.
      if (nextAttemptAt !== null) return;
      if (running) {
        rerun = true;
        return;
      }
      if (!timer) schedule(NOTIFY_DEBOUNCE_MS);
    },
    connectivityChanged(isOnline) {
      if (!isOnline) {
        online = false;
        emit();
        return;
      }
      failures = 0;
      nextAttemptAt = null;
      lastProbeOk = true;
      schedule(0);
    },
    async syncNow() {
      clearTimer();
      nextAttemptAt = null;
      if (block === 'revoked') setBlock('none', null); // an explicit retry asks the central again
      if (running) await running;
      await run();
      return status();
    },
    status,
    deadLetters: (limit) => queue.deadLetters(limit),
    async enroll(centralUrl, code, name, publishableKey) {
      const t = factory(centralUrl, { publishableKey });
      try {
        const r = await t.enroll(code, name, opts.appVersion);
        db.transaction(() => {
          setMeta(db, 'central_url', centralUrl);
          setMeta(db, 'publishable_key', publishableKey ?? null);
          setMeta(db, 'credential', r.credential);
          setMeta(db, 'device_id', r.device_id);
          setMeta(db, 'tenant_id', r.tenant_id);
          setMeta(db, 'terminal_name', r.terminal_name);
          setMeta(db, 'cell_ids', JSON.stringify(r.cell_ids));
          setMeta(db, 'pull_cursor', null);
          setMeta(db, 'sync_block', null);
        }).immediate();
        block = 'none';
        message = null;
        return { deviceId: r.device_id, tenantId: r.tenant_id };
      } finally {
        await t.close();
      }
    },
  };
}
