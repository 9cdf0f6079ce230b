/**
 * @module scripts/bench/stage — the set every relay section starts from: a seeded bench database,
 * a relay child on it (profiled with `--profile`), and operators connected over the agent socket
 * whose arrival times go to whatever meter is current. Everything is torn down with the section.
 */
import Database from 'better-sqlite3'
import { closeWebSocket, inBatches } from './socket.js'
import type { Meter } from './load.js'
import { openOperator, type OperatorClient } from './operator.js'
import { startRelayChild, type RelayChild } from './relay-process.js'
import type { SectionContext } from './section.js'
import { createBenchDb, type BenchDb } from './seed.js'

export interface Stage<T> {
  relay: RelayChild
  db: BenchDb
  operators: OperatorClient[]
  seeded: T
  /** Where operators report send→operator latencies (series `operator`); set it when measuring starts. */
  sink: { meter?: Meter }
  /** Counts rows in the bench database (after the relay has stopped, or beside it: WAL readers do not block). */
  count(sql: string): number
}

export interface StageOptions<T> {
  label: string
  operators: number
  capacity: number
  /** Writes what the section needs into the database before the relay opens it. */
  seed?(db: BenchDb): T
  exposeGc?: boolean
}

export async function stageRelay<T = undefined>(context: SectionContext, options: StageOptions<T>): Promise<Stage<T>> {
  const db = createBenchDb({ operators: options.operators, capacity: options.capacity })
  context.defer(() => db.remove())
  let seeded: T
  try {
    seeded = options.seed ? options.seed(db) : (undefined as T)
  } finally {
    db.close()
  }
  const relay = await startRelayChild({
    db: db.path,
    label: options.label,
    ...(context.options.profileDir && { profileDir: context.options.profileDir }),
    ...(options.exposeGc && { exposeGc: true }),
  })
  context.defer(() => relay.stop())
  context.progress(`relay ${options.label} up; ${options.operators} operators connect`)
  const sink: { meter?: Meter } = {}
  const operators = await inBatches(db.operators, 10, (operator) =>
    openOperator({ wsUrl: relay.wsUrl, operator, onVisitorMessage: (latencyMs) => sink.meter?.record('operator', latencyMs) }),
  )
  context.defer(() => Promise.all(operators.map((operator) => closeWebSocket(operator.ws))))
  return {
    relay,
    db,
    operators,
    seeded,
    sink,
    count(sql) {
      const reader = new Database(db.path, { readonly: true, fileMustExist: true })
      try {
        return (reader.prepare(sql).get() as { n: number }).n
      } finally {
        reader.close()
      }
    },
  }
}
