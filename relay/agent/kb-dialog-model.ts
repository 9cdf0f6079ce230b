/** @module relay/agent/kb-dialog-model — the supervisor's knowledge-base dialog without the DOM: which sites to offer, and what its form sends. */
import type { KbArticleInput, KbLang } from '../../protocol/index.js'

/** The form as typed: tags are one comma-separated line. */
export interface ArticleFields {
  title: string
  body: string
  lang: KbLang
  tags: string
}

export const EMPTY_FIELDS: ArticleFields = { title: '', body: '', lang: 'en', tags: '' }

/** "billing, refunds,, billing " → ["billing", "refunds"]: blanks dropped, each tag once, in the order typed. */
export function parseTags(text: string): string[] {
  return [...new Set(text.split(',').map((tag) => tag.trim()).filter((tag) => tag !== ''))]
}

export const tagsText = (tags: readonly string[]): string => tags.join(', ')

/** What POST or PUT sends. Limits are the relay's to check: its message names the field. */
export function articleInput(fields: ArticleFields): KbArticleInput {
  return { title: fields.title.trim(), body: fields.body.trim(), lang: fields.lang, tags: parseTags(fields.tags) }
}

/** Every site named in the lists, once, sorted: the sites a supervisor can pick from. */
export function knownSites(...lists: Iterable<string>[]): string[] {
  const sites = new Set<string>()
  for (const list of lists) for (const site of list) if (site) sites.add(site)
  return [...sites].sort()
}
