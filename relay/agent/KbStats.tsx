/** @module relay/agent/KbStats — how often a site's articles answered visitors: deflections in all, and per article what visitors said to "Did this answer your question?". */
import { useEffect, useState } from 'preact/hooks'
import { fetchKbStats, type KbStatsResponse } from './api.js'
import { KB_SEARCH_DELAY_MS } from './use-kb-search.js'

type Loaded = { site: string; stats: KbStatsResponse | null; error: string }

/** `version` changes after every edit, so renamed or removed articles are shown as they now are. */
export function KbStats({ site, version }: { site: string; version: number }) {
  const [loaded, setLoaded] = useState<Loaded | null>(null)

  useEffect(() => {
    if (!site) return
    let alive = true
    // The site field is typed into: wait for a pause, as the search does.
    const timer = setTimeout(() => {
      fetchKbStats(site).then(
        (stats) => alive && setLoaded({ site, stats, error: '' }),
        (err: Error) => alive && setLoaded({ site, stats: null, error: err.message }),
      )
    }, KB_SEARCH_DELAY_MS)
    return () => {
      alive = false
      clearTimeout(timer)
    }
  }, [site, version])

  const current = loaded?.site === site ? loaded : null
  return (
    <section class="kb-stats" aria-label="Deflections">
      <h3>Deflections</h3>
      {!current ? (
        <p class="loading">Loading…</p>
      ) : current.error ? (
        <p class="error" role="alert">
          {current.error}
        </p>
      ) : !current.stats ? (
        <p class="none">This relay does not count deflections yet.</p>
      ) : (
        <>
          <p class="kb-deflections">
            <strong>{current.stats.deflections}</strong> {current.stats.deflections === 1 ? 'deflection' : 'deflections'} on {site}: an
            article answered the visitor's question, so no chat was needed.
          </p>
          {current.stats.articles.length === 0 ? (
            <p class="none">No visitor has said whether an article helped yet.</p>
          ) : (
            <table class="ratings">
              <caption>Did this answer your question?</caption>
              <thead>
                <tr>
                  <th scope="col">Article</th>
                  <th scope="col">Helped</th>
                  <th scope="col">Did not help</th>
                </tr>
              </thead>
              <tbody>
                {current.stats.articles.map((article) => (
                  <tr key={`${article.site}-${article.id}`}>
                    <th scope="row">{article.title}</th>
                    <td>{article.helped}</td>
                    <td>{article.notHelped}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </section>
  )
}
