/**
 * @module relay/cli — `parley serve | site | agent | visitor`. Every subcommand takes --db, exits
 * non-zero with a one-line reason on bad input, and writes either all of a change or none of it.
 */
import { parseArgs } from 'node:util'
import { SITE_PATTERN } from '../protocol/index.js'
import { hashPassword, randomToken } from './secrets.js'
import { DEMO, seedDemo } from './seed.js'
import { AGENT_GRACE_MS } from './core.js'
import { CliError, parsing, withExistingStore, withStore } from './cli-common.js'
import { kbCommand } from './cli-kb.js'
import { tokenCommand } from './cli-token.js'
import { webhookCommand } from './cli-webhook.js'
import { MAX_RETENTION_DAYS, retentionCutoff } from './retention.js'
import { createRelay } from './server.js'
import type { Removed, Store } from './store/index.js'
import { WEBHOOK_POLICY } from './webhooks/policy.js'


const USAGE = `usage:
  parley serve [--port 8787] [--host 127.0.0.1] [--db ./parley.db] [--demo] [--commit-window 0] [--agent-grace 30000] [--retention-days N] [--webhook-retry 10000]
  parley site add <name> [--origin https://shop.example]... [--secret <hmac secret>] [--db …]
  parley site list [--db …]
  parley agent add <login> --password <password> [--name "Alice"] [--skills billing,ru] [--capacity 4] [--role agent|supervisor] [--site shop]... [--db …]
                    (--site: the sites whose chats the operator sees; none: every site)
  parley agent list [--db …]
  parley agent remove <login> [--db …]
  parley agent passwd <login> --password <password> [--db …]
  parley visitor export <visitor id> [--db …]
  parley visitor delete <visitor id> [--db …]
  parley visitor purge --older-than <days> [--db …]
  parley webhook add <site> --url https://shop.example/hook [--events message.created,conversation.closed] [--secret <signing secret>] [--db …]
  parley webhook list [--site shop] [--db …]
  parley webhook remove <webhook id> [--db …]
  parley webhook failures [--site shop] [--db …]
  parley kb import <articles.json | folder of .md files> --site <site> [--lang en] [--db …]
  parley kb list [--site shop] [--lang en] [--db …]
  parley token add <site> [--name ci] [--db …]
  parley token list [--site shop] [--db …]
  parley token revoke <token id> [--db …]`

const AGENT_LOGIN = /^[a-z0-9][a-z0-9._-]{0,63}$/
const MIN_PASSWORD = 8

const DB_OPTION = { db: { type: 'string', default: './parley.db' } } as const

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

/** A number of days: required, a whole number from 1 up. */
function parseDays(name: string, value: string): number {
  const n = Number(value)
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < 1 || n > MAX_RETENTION_DAYS) {
    throw new CliError(`--${name} must be a whole number of days from 1 to ${MAX_RETENTION_DAYS}, e.g. --${name} 90`)
  }
  return n
}

function parseInteger(name: string, value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback
  const n = Number(value)
  if (!Number.isInteger(n) || n < min || n > max) throw new CliError(`--${name} must be a whole number from ${min} to ${max}`)
  return n
}

async function serve(args: string[]): Promise<void> {
  const { values, positionals } = parsing(() =>
    parseArgs({
      args,
      options: {
        ...DB_OPTION,
        port: { type: 'string' },
        host: { type: 'string' },
        demo: { type: 'boolean' },
        'commit-window': { type: 'string' },
        'agent-grace': { type: 'string' },
        'retention-days': { type: 'string' },
        'webhook-retry': { type: 'string' },
      },
      allowPositionals: true,
      strict: true,
    }),
  )
  if (positionals.length) throw new CliError(`unexpected argument "${positionals[0]}"`)
  const port = parseInteger('port', values.port, 8787, 0, 65535)
  // Milliseconds to gather messages into one commit; more batching, later acks.
  const commitWindowMs = parseInteger('commit-window', values['commit-window'], 0, 0, 5000)
  // Milliseconds an operator with no tab open keeps their chats before they return to the queue.
  const agentGraceMs = parseInteger('agent-grace', values['agent-grace'], AGENT_GRACE_MS, 0, 3_600_000)
  const retentionDays = values['retention-days'] === undefined ? undefined : parseDays('retention-days', values['retention-days'])
  // Milliseconds before a failed webhook delivery is first tried again; it doubles each time, up to an hour.
  const webhookRetryMs = parseInteger('webhook-retry', values['webhook-retry'], WEBHOOK_POLICY.retryBaseMs, 10, 3_600_000)
  if (values.demo) {
    const seeded = withStore(values.db, seedDemo)
    if (seeded) console.log(`Seeded an empty database: site "${DEMO.site}", operator "${DEMO.agent}" with password "${DEMO.password}".`)
  }
  const relay = await createRelay({ db: values.db, port, host: values.host ?? '127.0.0.1', commitWindowMs, agentGraceMs, ...(retentionDays !== undefined && { retentionDays }), webhooks: { retryBaseMs: webhookRetryMs } })
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
  // Before saying it listens: whoever reads that line may send SIGTERM at once.
  process.once('SIGTERM', () => stop('SIGTERM'))
  process.once('SIGINT', () => stop('SIGINT'))
  console.log(`Parley relay listening on ${relay.url}`)
  console.log(`  demo page:  ${relay.url}/`)
  console.log(`  agent page: ${relay.url}/agent${values.demo ? `  (log in as ${DEMO.agent} / ${DEMO.password} on a fresh demo database)` : ''}`)
  if (retentionDays !== undefined) console.log(`  retention:  conversations idle for more than ${retentionDays} days are deleted now and every hour`)
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
        site: { type: 'string', multiple: true },
      },
      allowPositionals: true,
      strict: true,
    }),
  )
  const [verb, login, extra] = positionals
  if (verb === 'list') {
    withStore(values.db, (store) => {
      for (const a of store.agents.list()) console.log(`${a.id}\t${a.name}\t${a.role}\tcapacity ${a.capacity}\t${a.skills.join(',')}\t${a.sites.length ? `sites ${a.sites.join(',')}` : 'every site'}`)
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
  const sites = [...new Set(values.site ?? [])]
  withStore(values.db, (store) => {
    if (store.agents.get(login)) throw new CliError(`operator "${login}" already exists`)
    const unknown = sites.find((site) => !store.sites.get(site))
    if (unknown) throw new CliError(`no site "${unknown}"; add it first with: parley site add ${unknown}`)
    store.agents.add({ id: login, name, passwordHash, skills, capacity, role, sites })
  })
  console.log(`added operator "${login}" (${name}, ${role}, capacity ${capacity}, ${sites.length ? `sites ${sites.join(', ')}` : 'every site'})`)
}


/** The ids the agent page shows are the start of a visitor id, or the site's user id: point from them to the full id. */
function noVisitor(store: Store, id: string): CliError {
  const near = store.visitors.resembling(id)
  const hint = near.length ? `; did you mean ${near.map((v) => `${v.id} (site ${v.siteId}${v.identity.id !== undefined ? `, user id ${v.identity.id}` : ''})`).join(', ')}?` : ''
  return new CliError(`no visitor "${id}"${hint}`)
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`

function describeRemoved(removed: Removed): string {
  return [
    plural(removed.visitors, 'visitor'),
    plural(removed.conversations, 'conversation'),
    plural(removed.messages, 'message'),
    plural(removed.ratings, 'rating'),
    plural(removed.transfers, 'transfer note'),
    plural(removed.handlers, 'operator link'),
  ].join(', ')
}

/** After a committed delete: the bytes leave the file too (see store/privacy.ts `scrub`). */
function scrub(store: Store): void {
  if (!store.privacy.scrub({ vacuum: true })) {
    console.error('parley: note: another process (a running relay?) is reading the database, so its write-ahead log keeps old page images until that process checkpoints (a relay does when it stops)')
  }
}

function visitor(args: string[]): void {
  const { values, positionals } = parsing(() =>
    parseArgs({ args, options: { ...DB_OPTION, 'older-than': { type: 'string' } }, allowPositionals: true, strict: true }),
  )
  const [verb, id, extra] = positionals
  if (verb === 'purge') {
    if (id) throw new CliError(`unexpected argument "${id}"`)
    if (values['older-than'] === undefined) throw new CliError('visitor purge needs --older-than <days>, e.g. parley visitor purge --older-than 90')
    const days = parseDays('older-than', values['older-than'])
    withExistingStore(values.db, (store) => {
      const removed = store.privacy.purge(retentionCutoff(days, Date.now()))
      console.log(`deleted what was idle for more than ${days} days: ${describeRemoved(removed)}`)
      if (removed.conversations + removed.visitors > 0) scrub(store)
    })
    return
  }
  if (verb !== 'export' && verb !== 'delete') throw new CliError('visitor takes "export", "delete" or "purge"')
  if (!id) throw new CliError(`visitor ${verb} needs a visitor id, e.g. parley visitor ${verb} V1StGXR8_Z5jdHi6B-myT`)
  if (extra) throw new CliError(`unexpected argument "${extra}"`)
  if (values['older-than'] !== undefined) throw new CliError('--older-than goes with visitor purge')
  withExistingStore(values.db, (store) => {
    if (verb === 'export') {
      const data = store.privacy.exportVisitor(id)
      if (!data) throw noVisitor(store, id)
      console.log(JSON.stringify(data, null, 2))
      return
    }
    const removed = store.privacy.deleteVisitor(id)
    if (!removed) throw noVisitor(store, id)
    console.log(`deleted visitor "${id}": ${describeRemoved(removed)}`)
    scrub(store)
  })
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv
  try {
    if (command === 'serve') await serve(rest)
    else if (command === 'site') site(rest)
    else if (command === 'agent') agent(rest)
    else if (command === 'visitor') visitor(rest)
    else if (command === 'webhook') webhookCommand(rest)
    else if (command === 'kb') kbCommand(rest)
    else if (command === 'token') tokenCommand(rest)
    else if (command === undefined || command === '--help' || command === 'help') console.log(USAGE)
    else throw new CliError(`unknown command "${command}"\n${USAGE}`)
    return 0
  } catch (err) {
    if (!(err instanceof CliError)) throw err
    console.error(`parley: ${err.message}`)
    return 2
  }
}
