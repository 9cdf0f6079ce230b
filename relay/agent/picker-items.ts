/** @module relay/agent/picker-items — what the composer's "/…" picker offers: matching canned answers first, then knowledge-base articles (issue 8), as one list the arrow keys walk. */
import { KB_MAX_QUERY_LENGTH } from '../../protocol/index.js'
import type { CannedAnswer, KbHit } from './api.js'
import { matchCanned } from './canned-match.js'
import { articleParagraphs } from '../../widget/ui/kb-text.js'

/** Articles the picker lists at most, below the canned answers: the best few of the relay's ranking. */
export const MAX_ARTICLES_OFFERED = 5

/** Shorter queries match too much of the knowledge base to be worth a request. */
export const MIN_KB_QUERY_LENGTH = 2

export type PickerItem = { kind: 'canned'; answer: CannedAnswer } | { kind: 'article'; article: KbHit }

/**
 * The words to search the knowledge base for, or null when it is not worth asking: too short
 * (a bare "/" lists canned answers only) or longer than the relay accepts (it refuses, never cuts).
 */
export function kbSearchTerms(query: string | null): string | null {
  const terms = query?.trim() ?? ''
  return terms.length >= MIN_KB_QUERY_LENGTH && terms.length <= KB_MAX_QUERY_LENGTH ? terms : null
}

/** Canned answers matching the query, then the articles the relay found for it. */
export function offerAnswers(canned: readonly CannedAnswer[], query: string, articles: readonly KbHit[]): PickerItem[] {
  return [
    ...matchCanned(canned, query).map((answer): PickerItem => ({ kind: 'canned', answer })),
    ...articles.slice(0, MAX_ARTICLES_OFFERED).map((article): PickerItem => ({ kind: 'article', article })),
  ]
}

/** Stable across searches, and never the same for an answer and an article. */
export const itemKey = (item: PickerItem): string => (item.kind === 'canned' ? `canned-${item.answer.id}` : `article-${item.article.site}-${item.article.id}`)

/** The option an arrow key moves to: round the end of the list, back to the other end. */
export function stepThrough(index: number, step: 1 | -1, count: number): number {
  return count === 0 ? 0 : (index + step + count) % count
}

/**
 * The reply an article starts: its body as the widget shows articles (Markdown marks gone, links
 * kept with their address), because a message reaches the visitor as text, stars and all.
 */
export const articleReply = (body: string): string => articleParagraphs(body).join('\n\n')
