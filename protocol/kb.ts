/**
 * @module protocol/kb — the knowledge base on the wire (issue 8): its limits, paths, what the
 * widget's search and article requests answer, and what operators send and get. The validators
 * are in kb-validate.ts, so a bundle that needs only these shapes and numbers stays small.
 */
import { ID_PATTERN } from './limits.js'

export const KB_LANGS = ['en', 'ru', 'pt'] as const
export type KbLang = (typeof KB_LANGS)[number]

/** Article title and body, in UTF-16 code units; a body is markdown or plain text, shown as text. */
export const KB_MAX_TITLE_LENGTH = 200
export const KB_MAX_BODY_LENGTH = 20_000
export const KB_MAX_TAGS = 10
export const KB_MAX_TAG_LENGTH = 32
/** Article ids: given in an import file, or minted by the relay. */
export const KB_ID_PATTERN = ID_PATTERN
/** A request that writes an article: a full body, JSON-escaped, fits with room to spare. */
export const KB_MAX_REQUEST_BYTES = 128 * 1024

/** What a visitor or operator typed; longer is refused, not cut, so nobody searches for half a sentence unknowingly. */
export const KB_MAX_QUERY_LENGTH = 200
/** Suggestions the widget gets per search: a handful to glance at while typing. */
export const KB_MAX_SUGGESTIONS = 5
/** Results an operator's search returns. */
export const KB_MAX_RESULTS = 20
/** Articles an operator's listing (no query) returns, by site and title. */
export const KB_MAX_LIST = 500
/** A snippet is this many characters at most, an ellipsis included. */
export const KB_SNIPPET_LENGTH = 160

/** Articles a visitor's message may name as read before asking (VisitorSend.articles). */
export const KB_MAX_SEEN = 10

export const KB_SEARCH_PATH = '/v1/kb/search'
/** Followed by `/<id>`. */
export const KB_ARTICLES_PATH = '/v1/kb/articles'
/** Operators' search, listing and (supervisors) changes; followed by `/<id>` for one article. */
export const KB_AGENT_PATH = '/agent/api/kb'
/** How self-service went, per site: GET ?site= (a supervisor may leave it out: all their sites). */
export const KB_STATS_PATH = '/agent/api/kb/stats'

/** A search result for the widget: small, because one is fetched on each pause in typing. */
export interface KbSuggestion {
  id: string
  title: string
  /** Plain text around the best match (markdown marks removed), at most KB_SNIPPET_LENGTH. */
  snippet: string
}

/** GET /v1/kb/search?site=&q=&lang= */
export interface KbSearchResponse {
  articles: KbSuggestion[]
}

/** An operator's search result: a suggestion, and which site and language it belongs to. */
export interface KbHit extends KbSuggestion {
  site: string
  lang: KbLang
  tags: string[]
  updatedAt: number
}

/** GET /agent/api/kb?q=&site=&lang= (no q: the listing) */
export interface KbHitsResponse {
  articles: KbHit[]
}

export interface KbArticle {
  id: string
  site: string
  title: string
  body: string
  lang: KbLang
  tags: string[]
  /** Milliseconds since the epoch, relay clock. */
  updatedAt: number
}

/** GET /v1/kb/articles/<id>?site=, GET|POST|PUT /agent/api/kb[/<id>] */
export interface KbArticleResponse {
  article: KbArticle
}

/** What a supervisor sends (POST also takes `site`) and what an import entry holds. */
export interface KbArticleInput {
  /** Optional: the relay mints one. Import files give it to update the same article on every run. */
  id?: string
  title: string
  body: string
  lang: KbLang
  tags: string[]
}

/** GET parameters of either search; `q` blank means "nothing typed yet" (the answer is empty). */
export interface KbQuery {
  q: string
  lang?: KbLang
  site?: string
}

/** One article's answers to "Did this answer your question?". */
export interface KbArticleStats {
  id: string
  /** The article's title now; its id when it has since been removed. */
  title: string
  site: string
  helped: number
  notHelped: number
}

/** GET /agent/api/kb/stats?site= — `deflections`: answers "yes, it helped" (a chat not needed). */
export interface KbStatsResponse {
  deflections: number
  /** Articles with any answer, most answered first. */
  articles: KbArticleStats[]
}
