/**
 * @module relay/cli-common — what every `parley` subcommand shares: the error that becomes exit 2
 * with a one-line reason (relay/cli.ts `main` prints it), flag parsing errors folded into that
 * one line, and the database opened for one command and closed after it.
 */
import { existsSync } from 'node:fs'
import { openStore, type Store } from './store/index.js'

/** Bad input: `main` prints `parley: <message>` and exits 2. Nothing has been written. */
export class CliError extends Error {}

/** parseArgs throws on unknown or malformed flags; turn that into a one-line CLI error. */
export function parsing<T>(parse: () => T): T {
  try {
    return parse()
  } catch (err) {
    // Some of its messages span lines; a CLI error is one.
    throw new CliError((err as Error).message.replace(/\s*\n\s*/g, ' '))
  }
}

export function withStore<T>(path: string, work: (store: Store) => T): T {
  const store = openStore(path)
  try {
    return work(store)
  } finally {
    store.close()
  }
}

/** For commands on a relay's data: a typo in --db must not create an empty database. */
export function withExistingStore<T>(path: string, work: (store: Store) => T): T {
  if (!existsSync(path)) throw new CliError(`no database at ${path}; pass --db with the file parley serve uses`)
  return withStore(path, work)
}
