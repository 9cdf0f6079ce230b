/**
 * @module relay/cli-token — `parley token add | list | revoke`: the bearer tokens of the REST API,
 * one site each. `add` prints the token once; only its hash is stored. Like every subcommand: bad
 * input exits 2 with a one-line reason and writes nothing.
 */
import { parseArgs } from 'node:util'
import { CliError, parsing, withExistingStore } from './cli-common.js'
import { hashToken, randomToken } from './secrets.js'
import type { ApiToken, Store } from './store/index.js'


/** Tokens start with this, so a leaked one is recognisable (secret scanners, logs). */
const TOKEN_PREFIX = 'prl_'
const MAX_NAME_LENGTH = 64
const DEFAULT_NAME = 'api'

const OPTIONS = {
  db: { type: 'string', default: './parley.db' },
  name: { type: 'string' },
  site: { type: 'string' },
} as const
const TAKES: Record<string, (keyof typeof OPTIONS)[]> = { add: ['name'], list: ['site'], revoke: [] }


/** A label for people reading `token list`: one line, printable, so the columns stay columns. */
function parseName(value: string | undefined): string {
  if (value === undefined) return DEFAULT_NAME
  const name = value.trim()
  if (name === '' || name.length > MAX_NAME_LENGTH || /[\p{Cc}]/u.test(name)) {
    throw new CliError(`--name must be 1 to ${MAX_NAME_LENGTH} printable characters on one line, e.g. --name ci`)
  }
  return name
}

const when = (ms: number | null) => (ms === null ? 'never' : new Date(ms).toISOString())
const describe = (t: ApiToken) =>
  `${t.id}\t${t.siteId}\t${t.name}\tcreated ${when(t.createdAt)}\tlast used ${when(t.lastUsedAt)}\t${t.revokedAt === null ? 'active' : `revoked ${when(t.revokedAt)}`}`

/** Runs `parley token …`; bad input throws CliError (exit 2, see relay/cli.ts). */
export function tokenCommand(args: string[]): void {
  const { values, positionals } = parsing(() => parseArgs({ args, options: OPTIONS, allowPositionals: true, strict: true }))
  const [verb, target, extra] = positionals
  if (verb === undefined || !(verb in TAKES)) throw new CliError('token takes "add", "list" or "revoke"')
  const misplaced = (['name', 'site'] as const).find((option) => values[option] !== undefined && !TAKES[verb]!.includes(option))
  if (misplaced) throw new CliError(`--${misplaced} does not go with token ${verb}`)
  const needsTarget = verb !== 'list'
  if (needsTarget && !target) throw new CliError(verb === 'add' ? 'token add needs a site, e.g. parley token add shop --name ci' : 'token revoke needs an id, e.g. parley token revoke tok_…  (see parley token list)')
  const unexpected = needsTarget ? extra : target
  if (unexpected) throw new CliError(`unexpected argument "${unexpected}"`)

  if (verb === 'add') {
    const name = parseName(values.name)
    const token = `${TOKEN_PREFIX}${randomToken()}`
    const added = withExistingStore(values.db, (store) => {
      if (!store.sites.get(target!)) throw new CliError(`no site "${target}"; add it first with: parley site add ${target}`)
      return store.apiTokens.add({ siteId: target!, name, tokenHash: hashToken(token) })
    })
    console.log(`added token ${added.id} "${name}" for site "${added.siteId}"`)
    console.log(`token (shown only now; send it as Authorization: Bearer <token>): ${token}`)
    return
  }
  if (verb === 'revoke') {
    const revoked = withExistingStore(values.db, (store) => {
      const found = store.apiTokens.get(target!)
      if (!found) throw new CliError(`no token "${target}"; see parley token list`)
      if (!store.apiTokens.revoke(found.id)) throw new CliError(`token ${found.id} was already revoked at ${when(found.revokedAt)}`)
      return found
    })
    console.log(`revoked token ${revoked.id} "${revoked.name}" of site "${revoked.siteId}": requests with it are refused from now on`)
    return
  }
  withExistingStore(values.db, (store) => {
    if (values.site !== undefined && !store.sites.get(values.site)) throw new CliError(`no site "${values.site}"`)
    const tokens = store.apiTokens.list(values.site)
    if (tokens.length === 0) console.log('no API tokens; add one with: parley token add <site> --name <label>')
    for (const t of tokens) console.log(describe(t))
  })
}
