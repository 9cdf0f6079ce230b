/** @module relay/agent/SeenArticles — the knowledge-base articles the visitor read before asking, and whether each helped, so the operator does not answer with what already failed (issue 8). */
import { useId } from 'preact/hooks'
import type { SeenArticle } from '../../protocol/index.js'
import { helpedLabel } from './labels.js'

export function SeenArticles({ articles }: { articles: readonly SeenArticle[] }) {
  const heading = useId()
  if (articles.length === 0) return null
  return (
    <section class="seen-articles" aria-labelledby={heading}>
      <h3 id={heading}>Read before asking</h3>
      <ul>
        {articles.map((article, i) => {
          const verdict = helpedLabel(article.helped)
          return (
            // The same article may have been read twice; the index keeps the keys apart.
            <li key={`${article.id}-${i}`}>
              <span class="seen-title">{article.title}</span>
              {verdict && (
                <span class="helped" data-helped={String(article.helped)}>
                  {verdict}
                </span>
              )}
            </li>
          )
        })}
      </ul>
    </section>
  )
}
