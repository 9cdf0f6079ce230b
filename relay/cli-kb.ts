/**
 * @module relay/cli-kb — `parley kb import | list`: fill a site's knowledge base from a JSON file
 * or a folder of Markdown files, and show what it holds. An import is one transaction, so a bad
 * entry anywhere leaves the database as it was; running it again updates rather than duplicates.
 *
 * JSON: an array of `{ "title", "body", "lang"?, "tags"?, "id"? }`. Markdown: one article per
 * `.md` file, its first line `# Title`, then optionally `tags: a, b` and `lang: pt` lines, then the
 * body. A file named like an id (`refund-policy.md`) gives the article that id. An entry with an
 * id updates the article with that id; one without updates the article with its title.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { basename, extname, join } from 'node:path'
import { parseArgs } from 'node:util'
import { CliError, parsing, withExistingStore } from './cli-common.js'
import { KB_ID_PATTERN, KB_LANGS, parseKbArticle, type KbArticle, type KbArticleInput, type KbLang } from '../protocol/index.js'
import type { Store } from './store/index.js'


const OPTIONS = {
  db: { type: 'string', default: './parley.db' },
  site: { type: 'string' },
  lang: { type: 'string' },
} as const

/** An entry as read, before it is checked, and where it came from (for error messages). */
interface RawEntry {
  where: string
  data: unknown
}

const oneLine = (message: string) => message.replace(/\s*\n\s*/g, ' ')

/** A Markdown article: `# Title`, then optional `tags:` / `lang:` lines, then the body. */
export function parseMarkdownArticle(text: string, fileName: string): Record<string, unknown> {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/)
  const first = lines.findIndex((line) => line.trim() !== '')
  const heading = first < 0 ? undefined : /^#\s+(.+?)(?:\s+#+)?\s*$/.exec(lines[first]!)
  if (!heading) throw new CliError(`${fileName}: the first line must be the title, like "# Refund policy"`)
  const entry: Record<string, unknown> = { title: heading[1] }
  let at = first + 1
  for (; at < lines.length; at++) {
    const line = lines[at]!
    const meta = /^(tags|lang):\s*(.*)$/i.exec(line.trim())
    if (meta) {
      const [, key, value] = meta
      entry[key!.toLowerCase()] = key!.toLowerCase() === 'tags' ? value!.split(',').map((tag) => tag.trim()).filter(Boolean) : value!.trim()
    } else if (line.trim() !== '') break
  }
  entry.body = lines.slice(at).join('\n').trim()
  const stem = basename(fileName, extname(fileName))
  if (KB_ID_PATTERN.test(stem)) entry.id = stem
  return entry
}

function readEntries(path: string): RawEntry[] {
  if (!existsSync(path)) throw new CliError(`no file or folder at ${path}`)
  if (statSync(path).isDirectory()) {
    const files = readdirSync(path).filter((name) => name.toLowerCase().endsWith('.md')).sort()
    if (files.length === 0) throw new CliError(`no .md files in ${path}`)
    return files.map((name) => ({ where: name, data: parseMarkdownArticle(readFileSync(join(path, name), 'utf8'), name) }))
  }
  const text = readFileSync(path, 'utf8')
  if (path.toLowerCase().endsWith('.md')) return [{ where: basename(path), data: parseMarkdownArticle(text, basename(path)) }]
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (err) {
    throw new CliError(`${path} is not valid JSON (${oneLine((err as Error).message)})`)
  }
  if (!Array.isArray(data) || data.length === 0) throw new CliError(`${path} must hold a JSON array of articles: [{ "title": …, "body": …, "lang"?: …, "tags"?: […], "id"?: … }]`)
  return data.map((item, i) => ({ where: `entry ${i + 1}`, data: item }))
}

/** Every entry checked, and no id or title twice, before the database is opened. */
function checkEntries(raw: RawEntry[], defaultLang: KbLang): { where: string; input: KbArticleInput }[] {
  const seen = new Map<string, string>()
  return raw.map(({ where, data }) => {
    const parsed = parseKbArticle(data, defaultLang)
    if (!parsed.ok) throw new CliError(`${where}: ${parsed.message}`)
    const { id, title } = parsed.frame
    for (const key of [...(id === undefined ? [] : [`id "${id}"`]), `title "${title}"`]) {
      const earlier = seen.get(key)
      if (earlier) throw new CliError(`${where}: ${earlier} has the same ${key}`)
      seen.set(key, where)
    }
    return { where, input: parsed.frame }
  })
}

const sameContent = (a: KbArticle, b: KbArticleInput) => a.title === b.title && a.body === b.body && a.lang === b.lang && JSON.stringify(a.tags) === JSON.stringify(b.tags)

/** Adds or updates every entry in one transaction; a title held by another article fails it all. */
function importEntries(store: Store, site: string, entries: { where: string; input: KbArticleInput }[]) {
  const counts = { added: 0, updated: 0, unchanged: 0 }
  store.transaction(() => {
    for (const { where, input } of entries) {
      const id = input.id ?? store.kb.idByTitle(site, input.title)
      const existing = id === undefined ? undefined : store.kb.get(site, id)
      const titleOwner = store.kb.idByTitle(site, input.title)
      if (titleOwner !== undefined && titleOwner !== id) {
        throw new CliError(`${where}: article "${titleOwner}" of site "${site}" already has the title "${input.title}"; give the entry that id, or another title`)
      }
      if (!existing) {
        store.kb.add(site, input)
        counts.added++
      } else if (sameContent(existing, input)) {
        counts.unchanged++
      } else {
        store.kb.update(site, existing.id, input)
        counts.updated++
      }
    }
  })
  return counts
}


function parseLang(value: string | undefined): KbLang | undefined {
  if (value === undefined) return undefined
  if (!(KB_LANGS as readonly string[]).includes(value)) throw new CliError(`--lang must be one of ${KB_LANGS.join(', ')}`)
  return value as KbLang
}

/** Runs `parley kb …`; bad input throws CliError (exit 2, see relay/cli.ts). */
export function kbCommand(args: string[]): void {
  const { values, positionals } = parsing(() => parseArgs({ args, options: OPTIONS, allowPositionals: true, strict: true }))
  const [verb, source, extra] = positionals
  const lang = parseLang(values.lang)
  if (verb === 'list') {
    if (source) throw new CliError(`unexpected argument "${source}"`)
    withExistingStore(values.db, (store) => {
      if (values.site !== undefined && !store.sites.get(values.site)) throw new CliError(`no site "${values.site}"`)
      // -1: no limit; the CLI shows everything.
      for (const a of store.kb.list(values.site ?? null, { lang, limit: -1 })) console.log(`${a.site}\t${a.id}\t${a.lang}\t${a.title}\t${a.tags.join(',')}`)
    })
    return
  }
  if (verb !== 'import') throw new CliError('kb takes "import" or "list"')
  if (!source) throw new CliError('kb import needs a JSON file or a folder of .md files, e.g. parley kb import ./help --site shop')
  if (extra) throw new CliError(`unexpected argument "${extra}"`)
  if (values.site === undefined) throw new CliError('kb import needs --site, e.g. --site shop')
  const site = values.site
  const entries = checkEntries(readEntries(source), lang ?? 'en')
  const counts = withExistingStore(values.db, (store) => {
    if (!store.sites.get(site)) throw new CliError(`no site "${site}"; add it first with: parley site add ${site}`)
    return importEntries(store, site, entries)
  })
  console.log(`imported ${entries.length} articles into site "${site}": ${counts.added} added, ${counts.updated} updated, ${counts.unchanged} unchanged`)
}
