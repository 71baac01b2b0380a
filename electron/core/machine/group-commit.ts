// Group commit for machine counts. Requests arriving within a few milliseconds share ONE SQLite
// transaction, so throughput pays one fsync per group instead of one per request. Durability is
// unchanged: nobody is answered before the COMMIT returns. Each request runs in its own savepoint
// (unless it can only refuse before writing, see SubmitOptions), so a refused request (a
// MachineError) rolls back only itself; any other failure (disk full, I/O) fails the whole group,
// every waiter gets the error, and nothing of the group is on disk.
import type Database from 'better-sqlite3';
import { MachineError } from './errors';

interface Job {
  work: () => unknown;
  bare: boolean;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

export interface SubmitOptions {
  /**
   * The work refuses (throws a MachineError) only before its first write, so a refusal leaves
   * nothing to undo and it runs without a savepoint of its own. The savepoint itself is cheap, but
   * inside it SQLite copies every page the request changes that earlier requests of the group had
   * already changed into its sub-journal (a temp file past 64 KiB): about a fifth of a count's
   * CPU. Checked: if such work did write before refusing, the whole group fails, nothing commits.
   */
  refusesBeforeWriting?: boolean;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

export interface GroupCommitOptions {
  windowMs: number;
  maxJobs: number;
  /** Called after each successful commit (push notices, publisher wake-up). */
  onCommitted?: (jobs: number) => void;
  /**
   * How many requests could be waiting in a group at most: one per open connection of the HTTP
   * API, one for MQTT (it hands over a message at a time). Once that many are queued nobody else
   * can join, so the group commits without waiting out the window. Absent: always the window.
   */
  joinable?: () => number;
}

export class GroupCommitter {
  private queue: Job[] = [];
  private timer: NodeJS.Timeout | null = null;
  private closed = false;

  private readonly group: Database.Transaction<(jobs: Job[]) => Outcome[]>;

  constructor(
    db: Database.Database,
    private readonly opts: GroupCommitOptions,
  ) {
    // Built once: better-sqlite3 wraps a function per transaction() call, which per request costs
    // more than the savepoint itself. Called inside the group transaction, `inSavepoint` runs as a
    // SAVEPOINT/RELEASE pair (ROLLBACK TO on a throw), so each request can fail on its own.
    const inSavepoint = db.transaction((work: () => unknown) => work());
    const totalChanges = db.prepare('SELECT total_changes()').pluck();
    this.group = db.transaction((jobs: Job[]) =>
      jobs.map((job): Outcome => {
        const before = job.bare ? totalChanges.get() : 0;
        try {
          return { ok: true, value: job.bare ? job.work() : inSavepoint(job.work) };
        } catch (err) {
          // A refusal belongs to its request alone; anything else is the store failing.
          if (!(err instanceof MachineError)) throw err;
          if (job.bare && totalChanges.get() !== before)
            throw new Error('a request refused after writing, with no savepoint to undo it: the group is rolled back', { cause: err });
          return { ok: false, error: err };
        }
      }),
    );
  }

  /** Requests waiting for their commit; the HTTP layer sheds load above a threshold. */
  get depth(): number {
    return this.queue.length;
  }

  /** Queues `work` to run inside the next group transaction; resolves after that COMMIT. */
  submit<T>(work: () => T, opts: SubmitOptions = {}): Promise<T> {
    if (this.closed) return Promise.reject(new MachineError(503, 'overloaded', 'the terminal is shutting down'));
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, bare: opts.refusesBeforeWriting ?? false, resolve: resolve as (v: unknown) => void, reject });
      this.flushSoon(this.opts.windowMs);
    });
  }

  private immediate: NodeJS.Immediate | null = null;

  private flushSoon(ms: number): void {
    if (ms <= 0 || this.queue.length >= this.opts.maxJobs || this.queue.length >= (this.opts.joinable?.() ?? Infinity)) {
      // No window: flush after the current I/O phase, so every request parsed in it (those that
      // arrived while the previous commit was syncing) shares this transaction.
      if (this.timer) clearTimeout(this.timer);
      this.timer = null;
      this.immediate ??= setImmediate(() => {
        this.immediate = null;
        this.flush();
      });
      return;
    }
    this.timer ??= setTimeout(() => {
      this.timer = null;
      this.flush();
    }, ms);
  }

  /** Runs every queued job now (also used at shutdown). */
  flush(): void {
    while (this.queue.length > 0) {
      const jobs = this.queue.splice(0, this.opts.maxJobs);
      let outcomes: Outcome[];
      try {
        outcomes = this.group.immediate(jobs);
      } catch (err) {
        for (const job of jobs) job.reject(err);
        continue;
      }
      jobs.forEach((job, i) => {
        const o = outcomes[i]!;
        if (o.ok) job.resolve(o.value);
        else job.reject(o.error);
      });
      this.opts.onCommitted?.(jobs.length);
    }
  }

  close(): void {
    this.flush();
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.immediate) clearImmediate(this.immediate);
    this.timer = null;
    this.immediate = null;
  }
}
