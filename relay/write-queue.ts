/**
 * @module relay/write-queue — group commit. Writes that arrive together (in the same turn of
 * the event loop, or within `windowMs`) run in one SQLite transaction, and their promises
 * resolve only after that transaction has committed: an ack sent on resolve survives a crash.
 * One failing write rolls back alone: when a job throws, the batch is undone and run again with
 * each job in a savepoint of its own. So a job may run twice; only its last run's writes count,
 * and whatever it changes outside the database must be safe to change again.
 */
export interface Transactional {
  transaction<T>(work: () => T): T
}

type Outcome = { ok: true; value: unknown } | { ok: false; err: unknown }

interface Job {
  work: () => unknown
  resolve(value: unknown): void
  reject(err: unknown): void
}

export interface WriteQueueOptions {
  /** Extra time to gather writes into one commit; 0 flushes on the next turn of the loop. */
  windowMs?: number
  /** Called with each batch size after its commit (for benchmarks and tests). */
  onCommit?(size: number): void
}

export function createWriteQueue(store: Transactional, { windowMs = 0, onCommit }: WriteQueueOptions = {}) {
  let batch: Job[] = []
  let scheduled: { cancel(): void } | undefined
  let idle: (() => void)[] = []

  function flush(): void {
    scheduled = undefined
    const jobs = batch
    batch = []
    let outcomes: Outcome[]
    try {
      outcomes = runBatch(jobs)
    } catch (err) {
      // The commit itself failed (disk full, say): nothing of this batch is durable.
      for (const job of jobs) job.reject(err)
      return finish()
    }
    onCommit?.(jobs.length)
    jobs.forEach((job, i) => {
      const outcome = outcomes[i]!
      if (outcome.ok) job.resolve(outcome.value)
      else job.reject(outcome.err)
    })
    finish()
  }

  /**
   * Jobs run straight in the one transaction (a savepoint each costs two statements more per
   * write, on the relay's hottest path); only a batch where a job throws pays for savepoints.
   * Throws when the commit itself fails.
   */
  function runBatch(jobs: Job[]): Outcome[] {
    let jobThrew = false
    try {
      return store.transaction(() =>
        jobs.map((job): Outcome => {
          try {
            return { ok: true, value: job.work() }
          } catch (err) {
            jobThrew = true
            throw err // undoes the whole batch
          }
        }),
      )
    } catch (err) {
      if (!jobThrew) throw err
    }
    return store.transaction(() =>
      jobs.map((job): Outcome => {
        try {
          // A nested transaction is a savepoint: this job's writes undo alone if it throws.
          return { ok: true, value: store.transaction(job.work) }
        } catch (err) {
          return { ok: false, err }
        }
      }),
    )
  }

  function finish(): void {
    if (batch.length > 0) return schedule()
    for (const wake of idle.splice(0)) wake()
  }

  function schedule(): void {
    if (scheduled) return
    if (windowMs > 0) {
      const timer = setTimeout(flush, windowMs)
      scheduled = { cancel: () => clearTimeout(timer) }
    } else {
      const immediate = setImmediate(flush)
      scheduled = { cancel: () => clearImmediate(immediate) }
    }
  }

  return {
    /** Runs `work` inside the next group transaction; resolves with its result after the commit. */
    write<T>(work: () => T): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        batch.push({ work, resolve: resolve as (value: unknown) => void, reject })
        schedule()
      })
    },
    /** Commits whatever is waiting now; resolves once nothing is left to write. */
    drain(): Promise<void> {
      if (batch.length === 0 && !scheduled) return Promise.resolve()
      scheduled?.cancel()
      const done = new Promise<void>((resolve) => idle.push(resolve))
      flush()
      return done
    },
  }
}

export type WriteQueue = ReturnType<typeof createWriteQueue>
