/**
 * @module relay/store/kb — knowledge-base articles, per site, and their full-text search (issue 8).
 * The index (kb_search, migration 7) follows kb_articles by triggers, so nothing here writes it.
 */
import { nanoid } from 'nanoid'
import { KB_MAX_LIST, KB_SNIPPET_LENGTH, type KbArticle, type KbArticleInput, type KbHit, type KbLang } from '../../protocol/index.js'
import type { Db } from './database.js'
import { kbMatchQuery } from './kb-query.js'

/** The sites to look in: one, several, or null for every site (an operator who serves them all). */
export type KbSites = string | readonly string[] | null

interface ArticleRow {
  site_id: string
  id: string
  title: string
  body: string
  lang: KbLang
  tags: string
  updated_at: number
}
type HitRow = Omit<ArticleRow, 'body'> & { snippet: string }

/** Title matches count ten times a body match, tags five times: a title says what an article is about. */
const RANK = 'bm25(kb_search, 10.0, 5.0, 1.0)'
/** Tokens snippet() returns around the best match; KB_SNIPPET_LENGTH caps the characters after. */
const SNIPPET_TOKENS = 24

const toArticle = (row: ArticleRow): KbArticle => ({
  id: row.id,
  site: row.site_id,
  title: row.title,
  body: row.body,
  lang: row.lang,
  tags: JSON.parse(row.tags) as string[],
  updatedAt: row.updated_at,
})

/**
 * Plain text for a snippet: markdown marks and link targets go, whitespace shrinks, and the text is
 * cut to KB_SNIPPET_LENGTH. Clients show it as text, so this is for reading, not for safety.
 */
export function plainSnippet(text: string): string {
  const plain = text
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1') // [label](url) and ![alt](src)
    .replace(/\]\([^)]*\)?/g, '') // the tail of a link whose start the snippet cut off
    .replace(/^\s{0,3}(?:#{1,6}|>|[-*+]|\d+\.)\s+/gm, '') // headings, quotes, list items
    .replace(/[*_`~]+/g, '')
    .replace(/\s+/g, ' ')
    .trim()
  return plain.length <= KB_SNIPPET_LENGTH ? plain : `${plain.slice(0, KB_SNIPPET_LENGTH - 1).trimEnd()}…`
}

const toHit = (row: HitRow): KbHit => ({
  id: row.id,
  title: row.title,
  snippet: plainSnippet(row.snippet),
  site: row.site_id,
  lang: row.lang,
  tags: JSON.parse(row.tags) as string[],
  updatedAt: row.updated_at,
})

const sitesParam = (sites: KbSites): string | null => (sites === null ? null : JSON.stringify(typeof sites === 'string' ? [sites] : sites))

export function createKbStore(db: Db) {
  const COLUMNS = 'site_id, id, title, body, lang, tags, updated_at'
  const byId = db.prepare<[string, string], ArticleRow>(`SELECT ${COLUMNS} FROM kb_articles WHERE site_id = ? AND id = ?`)
  const idByTitle = db.prepare<[string, string], { id: string }>('SELECT id FROM kb_articles WHERE site_id = ? AND title = ?')
  const insert = db.prepare('INSERT INTO kb_articles (site_id, id, title, body, lang, tags, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
  const update = db.prepare('UPDATE kb_articles SET title = ?, body = ?, lang = ?, tags = ?, updated_at = ? WHERE site_id = ? AND id = ?')
  const remove = db.prepare('DELETE FROM kb_articles WHERE site_id = ? AND id = ?')
  // `sites` is a JSON array of site ids, or null for every site: one statement serves all scopes.
  const inSites = '(@sites IS NULL OR a.site_id IN (SELECT value FROM json_each(@sites)))'
  const inLang = '(@lang IS NULL OR a.lang = @lang)'
  const list = db.prepare<{ sites: string | null; lang: KbLang | null; limit: number }, HitRow>(
    `SELECT a.site_id, a.id, a.title, a.lang, a.tags, a.updated_at, substr(a.body, 1, ${KB_SNIPPET_LENGTH * 2}) AS snippet
     FROM kb_articles a WHERE ${inSites} AND ${inLang} ORDER BY a.site_id, a.title LIMIT @limit`,
  )
  const search = db.prepare<{ match: string; sites: string | null; lang: KbLang | null; limit: number }, HitRow>(
    `SELECT a.site_id, a.id, a.title, a.lang, a.tags, a.updated_at, snippet(kb_search, 2, '', '', '…', ${SNIPPET_TOKENS}) AS snippet
     FROM kb_search JOIN kb_articles a ON a.docid = kb_search.rowid
     WHERE kb_search MATCH @match AND ${inSites} AND ${inLang}
     ORDER BY ${RANK} LIMIT @limit`,
  )

  return {
    get(site: string, id: string): KbArticle | undefined {
      const row = byId.get(site, id)
      return row && toArticle(row)
    },
    /** The id of the site's article with this title (titles are unique per site), if there is one. */
    idByTitle: (site: string, title: string): string | undefined => idByTitle.get(site, title)?.id,
    /** Adds an article; without an id it gets a fresh one. The caller checks the id and title are free. */
    add(site: string, input: KbArticleInput, now = Date.now()): KbArticle {
      const id = input.id ?? nanoid(12)
      insert.run(site, id, input.title, input.body, input.lang, JSON.stringify(input.tags), now, now)
      return { id, site, title: input.title, body: input.body, lang: input.lang, tags: input.tags, updatedAt: now }
    },
    /** Replaces an article's content (its id stays); undefined when the site has no such article. */
    update(site: string, id: string, input: Omit<KbArticleInput, 'id'>, now = Date.now()): KbArticle | undefined {
      if (update.run(input.title, input.body, input.lang, JSON.stringify(input.tags), now, site, id).changes !== 1) return undefined
      return { id, site, title: input.title, body: input.body, lang: input.lang, tags: input.tags, updatedAt: now }
    },
    remove: (site: string, id: string): boolean => remove.run(site, id).changes === 1,
    /** Articles by site and title, with the start of each body as the snippet; with `lang`, in that language only. */
    list: (sites: KbSites, options: { lang?: KbLang | undefined; limit?: number } = {}): KbHit[] =>
      list.all({ sites: sitesParam(sites), lang: options.lang ?? null, limit: options.limit ?? KB_MAX_LIST }).map(toHit),
    /**
     * The best matches for what someone typed, best first; empty when it holds no word to search
     * for. With `lang`, articles in that language only.
     */
    search(sites: KbSites, text: string, options: { lang?: KbLang | undefined; limit: number }): KbHit[] {
      const match = kbMatchQuery(text, options.lang)
      if (match === undefined) return []
      return search.all({ match, sites: sitesParam(sites), lang: options.lang ?? null, limit: options.limit }).map(toHit)
    },
  }
}
