/**
 * @module relay/cli-token — `parley token add | list | revoke`: the bearer tokens of the REST API,
 * one site each. `add` prints the token once; only its hash is stored. Like every subcommand: bad
 * input exits 2 with a one-line reason and writes nothing.
 */
import { existsSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { hashToken, randomToken } from './secrets.js'
import { openStore, type ApiToken, type Store } from './store/index.js'

class TokenCliError extends Error {}

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

function withStore<T>(path: string, work: (store: Store) => T): T {
  // Every verb needs a relay's database: a typo in --db must not create an empty one.
  if (!existsSync(path)) throw new TokenCliError(`no database at ${path}; pass --db with the file parley serve uses`)
  const store = openStore(path)
  try {
    return work(store)
  } finally {
    store.close()
  }
}

/** A label for people reading `token list`: one line, printable, so the columns stay columns. */
function parseName(value: string | undefined): string {
  if (value === undefined) return DEFAULT_NAME
  const name = value.trim()
  if (name === '' || name.length > MAX_NAME_LENGTH || /[\p{Cc}]/u.test(name)) {
    throw new TokenCliError(`--name must be 1 to ${MAX_NAME_LENGTH} printable characters on one line, e.g. --name ci`)
  }
  return name
}

const when = (ms: number | null) => (ms === null ? 'never' : new Date(ms).toISOString())
const describe = (t: ApiToken) =>
  `${t.id}\t${t.siteId}\t${t.name}\tcreated ${when(t.createdAt)}\tlast used ${when(t.lastUsedAt)}\t${t.revokedAt === null ? 'active' : `revoked ${when(t.revokedAt)}`}`

function run(args: string[]): void {
  let parsed
  try {
    parsed = parseArgs({ args, options: OPTIONS, allowPositionals: true, strict: true })
  } catch (err) {
    throw new TokenCliError((err as Error).message.replace(/\s*\n\s*/g, ' '))
  }
  const { values, positionals } = parsed
  const [verb, target, extra] = positionals
  if (verb === undefined || !(verb in TAKES)) throw new TokenCliError('token takes "add", "list" or "revoke"')
  const misplaced = (['name', 'site'] as const).find((option) => values[option] !== undefined && !TAKES[verb]!.includes(option))
  if (misplaced) throw new TokenCliError(`--${misplaced} does not go with token ${verb}`)
  const needsTarget = verb !== 'list'
  if (needsTarget && !target) throw new TokenCliError(verb === 'add' ? 'token add needs a site, e.g. parley token add shop --name ci' : 'token revoke needs an id, e.g. parley token revoke tok_…  (see parley token list)')
  const unexpected = needsTarget ? extra : target
  if (unexpected) throw new TokenCliError(`unexpected argument "${unexpected}"`)

  if (verb === 'add') {
    const name = parseName(values.name)
    const token = `${TOKEN_PREFIX}${randomToken()}`
    const added = withStore(values.db, (store) => {
      if (!store.sites.get(target!)) throw new TokenCliError(`no site "${target}"; add it first with: parley site add ${target}`)
      return store.apiTokens.add({ siteId: target!, name, tokenHash: hashToken(token) })
    })
    console.log(`added token ${added.id} "${name}" for site "${added.siteId}"`)
    console.log(`token (shown only now; send it as Authorization: Bearer <token>): ${token}`)
    return
  }
  if (verb === 'revoke') {
    const revoked = withStore(values.db, (store) => {
      const found = store.apiTokens.get(target!)
      if (!found) throw new TokenCliError(`no token "${target}"; see parley token list`)
      if (!store.apiTokens.revoke(found.id)) throw new TokenCliError(`token ${found.id} was already revoked at ${when(found.revokedAt)}`)
      return found
    })
    console.log(`revoked token ${revoked.id} "${revoked.name}" of site "${revoked.siteId}": requests with it are refused from now on`)
    return
  }
  withStore(values.db, (store) => {
    if (values.site !== undefined && !store.sites.get(values.site)) throw new TokenCliError(`no site "${values.site}"`)
    const tokens = store.apiTokens.list(values.site)
    if (tokens.length === 0) console.log('no API tokens; add one with: parley token add <site> --name <label>')
    for (const t of tokens) console.log(describe(t))
  })
}

/** Runs `parley token …`; returns the exit code (2 on bad input, with the reason on stderr). */
export function tokenCommand(args: string[]): number {
  try {
    run(args)
    return 0
  } catch (err) {
    if (!(err instanceof TokenCliError)) throw err
    console.error(`parley: ${err.message}`)
    return 2
  }
}
