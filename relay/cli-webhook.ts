/**
 * @module relay/cli-webhook — `parley webhook add | list | remove | failures`: a site's webhook
 * endpoints and the deliveries that keep failing. Like every subcommand: bad input exits 2 with
 * a one-line reason and writes nothing.
 */
import { parseArgs } from 'node:util'
import { CliError, parsing, withExistingStore } from './cli-common.js'
import { WEBHOOK_EVENTS, isWebhookEventType, type WebhookEventType, type WebhookFailure } from '../protocol/index.js'
import { randomToken } from './secrets.js'
import type { Store } from './store/index.js'


const MAX_URL_LENGTH = 2048
const MIN_SECRET = 16

/** Every option any verb takes; which verb takes which is checked below. */
const OPTIONS = {
  db: { type: 'string', default: './parley.db' },
  url: { type: 'string' },
  events: { type: 'string' },
  secret: { type: 'string' },
  site: { type: 'string' },
} as const
const TAKES: Record<string, (keyof typeof OPTIONS)[]> = { add: ['url', 'events', 'secret'], list: ['site'], remove: [], failures: ['site'] }

export function parseWebhookUrl(value: string | undefined): string {
  if (value === undefined) throw new CliError('webhook add needs --url, e.g. --url https://shop.example/parley-hook')
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new CliError(`--url "${value}" is not a URL; write it like https://shop.example/parley-hook`)
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new CliError(`--url must be http:// or https://, not ${url.protocol}`)
  // fetch refuses URLs with credentials in them; a token in the path or query works.
  if (url.username || url.password) throw new CliError('--url must not contain user:password@; put a token in the path or query instead')
  if (url.hash) throw new CliError('--url must not have a #fragment (it is never sent)')
  if (value.length > MAX_URL_LENGTH) throw new CliError(`--url is longer than ${MAX_URL_LENGTH} characters`)
  return url.href
}

/** A comma-separated list of event types; none given: every type, present and future. */
export function parseEvents(value: string | undefined): WebhookEventType[] {
  if (value === undefined) return []
  const names = [...new Set(value.split(',').map((s) => s.trim()).filter(Boolean))]
  const unknown = names.find((name) => !isWebhookEventType(name))
  if (unknown !== undefined || names.length === 0) {
    throw new CliError(`${unknown === undefined ? '--events is empty' : `unknown event "${unknown}"`}; choose from ${WEBHOOK_EVENTS.join(', ')}`)
  }
  return names as WebhookEventType[]
}


const when = (ms: number) => new Date(ms).toISOString()
const eventsLabel = (events: readonly string[]) => (events.length ? events.join(',') : 'every event')

function describeFailure(f: WebhookFailure): string {
  const why = [f.lastStatus === null ? 'no response' : `HTTP ${f.lastStatus}`, f.lastError].filter(Boolean).join(' — ')
  const next = f.failedAt !== null ? `gave up ${when(f.failedAt)}` : `next try ${when(f.nextAttemptAt!)}`
  return `${f.eventId}\t${f.type}\t${f.endpointId}\t${f.attempts} tries\t${next}\t${why}`
}

/** Runs `parley webhook …`; bad input throws CliError (exit 2, see relay/cli.ts). */
export function webhookCommand(args: string[]): void {
  const { values, positionals } = parsing(() => parseArgs({ args, options: OPTIONS, allowPositionals: true, strict: true }))
  const [verb, target, extra] = positionals
  if (verb === undefined || !(verb in TAKES)) throw new CliError('webhook takes "add", "list", "remove" or "failures"')
  const misplaced = (['url', 'events', 'secret', 'site'] as const).find((name) => values[name] !== undefined && !TAKES[verb]!.includes(name))
  if (misplaced) throw new CliError(`--${misplaced} does not go with webhook ${verb}`)
  const needsTarget = verb === 'add' || verb === 'remove'
  if (needsTarget && !target) throw new CliError(verb === 'add' ? 'webhook add needs a site, e.g. parley webhook add acme --url https://acme.example/hook' : 'webhook remove needs an id, e.g. parley webhook remove wh_…  (see parley webhook list)')
  const unexpected = needsTarget ? extra : target
  if (unexpected) throw new CliError(`unexpected argument "${unexpected}"`)

  if (verb === 'add') {
    const url = parseWebhookUrl(values.url)
    const events = parseEvents(values.events)
    if (values.secret !== undefined && values.secret.length < MIN_SECRET) throw new CliError(`--secret must be at least ${MIN_SECRET} characters`)
    const secret = values.secret ?? randomToken()
    const added = withExistingStore(values.db, (store) => {
      if (!store.sites.get(target!)) throw new CliError(`no site "${target}"; add it first with: parley site add ${target}`)
      return store.webhooks.add({ siteId: target!, url, secret, events })
    })
    console.log(`added webhook ${added.id} for site "${added.siteId}": POST ${url} (${eventsLabel(events)})`)
    if (values.secret === undefined) console.log(`signing secret (verify Parley-Signature with it): ${secret}`)
    return
  }
  if (verb === 'remove') {
    withExistingStore(values.db, (store) => {
      if (!store.webhooks.remove(target!)) throw new CliError(`no webhook "${target}"; see parley webhook list`)
    })
    console.log(`removed webhook ${target} and the deliveries still queued for it`)
    return
  }
  withExistingStore(values.db, (store) => {
    if (values.site !== undefined && !store.sites.get(values.site)) throw new CliError(`no site "${values.site}"`)
    const sites = values.site === undefined ? [] : [values.site]
    if (verb === 'list') {
      for (const e of store.webhooks.report(sites)) {
        console.log(`${e.id}\t${e.site}\t${e.url}\t${eventsLabel(e.events)}\tpending ${e.pending}, delivered ${e.delivered}, failed ${e.failed}`)
      }
      return
    }
    const failures = store.webhooks.failures(sites)
    if (failures.length === 0) console.log('no failing webhook deliveries')
    for (const f of failures) console.log(describeFailure(f))
  })
}
