/**
 * @module relay/cli — `parley serve | site | agent`. Every subcommand takes --db, exits non-zero
 * with a one-line reason on bad input, and writes either all of a change or none of it.
 */
import { parseArgs } from 'node:util'
import { SITE_PATTERN } from '../protocol/index.js'
import { hashPassword, randomToken } from './secrets.js'
import { DEMO, seedDemo } from './seed.js'
import { AGENT_GRACE_MS } from './core.js'
import { createRelay } from './server.js'
import { openStore, type Store } from './store/index.js'

class CliError extends Error {}

const USAGE = `usage:
  parley serve [--port 8787] [--host 127.0.0.1] [--db ./parley.db] [--demo] [--commit-window 0] [--agent-grace 30000]
  parley site add <name> [--origin https://shop.example]... [--secret <hmac secret>] [--db …]
  parley site list [--db …]
  parley agent add <login> --password <password> [--name "Alice"] [--skills billing,ru] [--capacity 4] [--role agent|supervisor] [--db …]
  parley agent list [--db …]
  parley agent remove <login> [--db …]
  parley agent passwd <login> --password <password> [--db …]`

const AGENT_LOGIN = /^[a-z0-9][a-z0-9._-]{0,63}$/
const MIN_PASSWORD = 8

const DB_OPTION = { db: { type: 'string', default: './parley.db' } } as const

/** parseArgs throws on unknown or malformed flags; turn that into a one-line CLI error. */
function parsing<T>(parse: () => T): T {
  try {
    return parse()
  } catch (err) {
    throw new CliError((err as Error).message)
  }
}

function withStore<T>(path: string, work: (store: Store) => T): T {
  const store = openStore(path)
  try {
    return work(store)
  } finally {
    store.close()
  }
}

function parseOrigin(value: string): string {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new CliError(`--origin "${value}" is not a URL; write it like https://shop.example`)
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.pathname !== '/' || url.search || url.hash || value.endsWith('/')) {
    throw new CliError(`--origin "${value}" must be scheme://host[:port] with no path, like https://shop.example`)
  }
  return url.origin
}

function parseInteger(name: string, value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback
  const n = Number(value)
  if (!Number.isInteger(n) || n < min || n > max) throw new CliError(`--${name} must be a whole number from ${min} to ${max}`)
  return n
}

async function serve(args: string[]): Promise<void> {
  const { values, positionals } = parsing(() =>
    parseArgs({ args, options: { ...DB_OPTION, port: { type: 'string' }, host: { type: 'string' }, demo: { type: 'boolean' }, 'commit-window': { type: 'string' }, 'agent-grace': { type: 'string' } }, allowPositionals: true, strict: true }),
  )
  if (positionals.length) throw new CliError(`unexpected argument "${positionals[0]}"`)
  const port = parseInteger('port', values.port, 8787, 0, 65535)
  // Milliseconds to gather messages into one commit; more batching, later acks.
  const commitWindowMs = parseInteger('commit-window', values['commit-window'], 0, 0, 5000)
  // Milliseconds an operator with no tab open keeps their chats before they return to the queue.
  const agentGraceMs = parseInteger('agent-grace', values['agent-grace'], AGENT_GRACE_MS, 0, 3_600_000)
  if (values.demo) {
    const seeded = withStore(values.db, seedDemo)
    if (seeded) console.log(`Seeded an empty database: site "${DEMO.site}", operator "${DEMO.agent}" with password "${DEMO.password}".`)
  }
  const relay = await createRelay({ db: values.db, port, host: values.host ?? '127.0.0.1', commitWindowMs, agentGraceMs })
  console.log(`Parley relay listening on ${relay.url}`)
  console.log(`  demo page:  ${relay.url}/`)
  console.log(`  agent page: ${relay.url}/agent${values.demo ? `  (log in as ${DEMO.agent} / ${DEMO.password} on a fresh demo database)` : ''}`)
  const stop = (signal: string) => {
    console.log(`${signal}: draining…`)
    relay.close().then(
      () => process.exit(0),
      (err) => {
        console.error(err)
        process.exit(1)
      },
    )
  }
  process.once('SIGTERM', () => stop('SIGTERM'))
  process.once('SIGINT', () => stop('SIGINT'))
}

function site(args: string[]): void {
  const { values, positionals } = parsing(() =>
    parseArgs({ args, options: { ...DB_OPTION, origin: { type: 'string', multiple: true }, secret: { type: 'string' } }, allowPositionals: true, strict: true }),
  )
  const [verb, name, extra] = positionals
  if (verb === 'list') {
    withStore(values.db, (store) => {
      for (const s of store.sites.list()) console.log(`${s.id}\t${s.origins.length ? s.origins.join(',') : '(any origin)'}`)
    })
    return
  }
  if (verb !== 'add') throw new CliError('site takes "add" or "list"')
  if (!name) throw new CliError('site add needs a name, e.g. parley site add acme --origin https://acme.example')
  if (extra) throw new CliError(`unexpected argument "${extra}"`)
  if (!SITE_PATTERN.test(name)) throw new CliError(`site name "${name}" must be lowercase letters, digits and dashes (at most 63)`)
  const origins = (values.origin ?? []).map(parseOrigin)
  if (values.secret !== undefined && values.secret.length < 16) throw new CliError('--secret must be at least 16 characters')
  const secret = values.secret ?? randomToken()
  withStore(values.db, (store) => {
    if (store.sites.get(name)) throw new CliError(`site "${name}" already exists`)
    store.sites.add({ id: name, secret, origins })
  })
  console.log(`added site "${name}"${origins.length ? ` for ${origins.join(', ')}` : ' (any origin)'}`)
  if (values.secret === undefined) console.log(`identify secret (keep it on your server): ${secret}`)
}

function agent(args: string[]): void {
  const { values, positionals } = parsing(() =>
    parseArgs({
      args,
      options: {
        ...DB_OPTION,
        name: { type: 'string' },
        password: { type: 'string' },
        skills: { type: 'string' },
        capacity: { type: 'string' },
        role: { type: 'string' },
      },
      allowPositionals: true,
      strict: true,
    }),
  )
  const [verb, login, extra] = positionals
  if (verb === 'list') {
    withStore(values.db, (store) => {
      for (const a of store.agents.list()) console.log(`${a.id}\t${a.name}\t${a.role}\tcapacity ${a.capacity}\t${a.skills.join(',')}`)
    })
    return
  }
  if (verb !== 'add' && verb !== 'remove' && verb !== 'passwd') throw new CliError('agent takes "add", "list", "remove" or "passwd"')
  if (!login) throw new CliError(`agent ${verb} needs a login, e.g. parley agent ${verb} alice`)
  if (extra) throw new CliError(`unexpected argument "${extra}"`)
  if (verb === 'remove') {
    withStore(values.db, (store) => {
      if (!store.agents.remove(login)) throw new CliError(`no operator "${login}"`)
    })
    console.log(`removed operator "${login}"; their sessions are ended and their name stays on past messages`)
    return
  }
  if (verb === 'passwd') {
    if (!values.password || values.password.length < MIN_PASSWORD) throw new CliError(`--password is required, at least ${MIN_PASSWORD} characters`)
    const passwordHash = hashPassword(values.password)
    withStore(values.db, (store) => {
      if (!store.agents.setPassword(login, passwordHash)) throw new CliError(`no operator "${login}"`)
    })
    console.log(`new password set for "${login}"; their other sessions are ended`)
    return
  }
  if (!AGENT_LOGIN.test(login)) throw new CliError(`login "${login}" must be lowercase letters, digits, dots, dashes or underscores`)
  if (!values.password || values.password.length < MIN_PASSWORD) throw new CliError(`--password is required, at least ${MIN_PASSWORD} characters`)
  const role = values.role ?? 'agent'
  if (role !== 'agent' && role !== 'supervisor') throw new CliError('--role must be agent or supervisor')
  const skills = (values.skills ?? '').split(',').map((s) => s.trim()).filter(Boolean)
  const capacity = parseInteger('capacity', values.capacity, 4, 1, 100)
  const name = values.name?.trim() || login
  const passwordHash = hashPassword(values.password)
  withStore(values.db, (store) => {
    if (store.agents.get(login)) throw new CliError(`operator "${login}" already exists`)
    store.agents.add({ id: login, name, passwordHash, skills, capacity, role })
  })
  console.log(`added operator "${login}" (${name}, ${role}, capacity ${capacity})`)
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv
  try {
    if (command === 'serve') await serve(rest)
    else if (command === 'site') site(rest)
    else if (command === 'agent') agent(rest)
    else if (command === undefined || command === '--help' || command === 'help') console.log(USAGE)
    else throw new CliError(`unknown command "${command}"\n${USAGE}`)
    return 0
  } catch (err) {
    if (!(err instanceof CliError)) throw err
    console.error(`parley: ${err.message}`)
    return 2
  }
}
