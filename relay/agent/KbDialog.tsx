/** @module relay/agent/KbDialog — the supervisor's knowledge base (issue 8): a site's articles, searched as on the composer, added, changed and removed with the relay's own error messages, and how often they answered visitors. */
import { useEffect, useId, useState } from 'preact/hooks'
import { deleteArticle, fetchArticle, saveArticle, searchKb, type KbHit } from './api.js'
import { EMPTY_FIELDS, articleInput, knownSites, tagsText, type ArticleFields } from './kb-dialog-model.js'
import { KbArticleForm } from './KbArticleForm.js'
import { KbStats } from './KbStats.js'
import { Modal } from './Modal.js'
import { useKbSearch } from './use-kb-search.js'

/** The article being changed; its site is its own, whatever the site field says meanwhile. */
type Editing = { id: string; site: string; title: string }

interface KbDialogProps {
  /** Sites the console has seen chats of; sites that already have articles are added to them. */
  sites: readonly string[]
  onClose(): void
}

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err))

export function KbDialog({ sites, onClose }: KbDialogProps) {
  const ids = useId()
  const [site, setSite] = useState(sites[0] ?? '')
  const [found, setFound] = useState<string[]>([])
  const [q, setQ] = useState('')
  // Bumped after every change, so the list and the counts are asked for again.
  const [version, setVersion] = useState(0)
  const [editing, setEditing] = useState<Editing | null>(null)
  const [fields, setFields] = useState<ArticleFields>(EMPTY_FIELDS)
  const [error, setError] = useState('')
  const [busy, setBusy] = useState(false)
  const chosen = site.trim()
  const listing = useKbSearch(chosen ? q : null, chosen || undefined, version)

  // The relay does not list sites to operators; those that have articles are learnt from the listing.
  useEffect(() => {
    searchKb({ q: '' }).then(
      (articles) => {
        const withArticles = knownSites(articles.map((a) => a.site))
        setFound(withArticles)
        setSite((typed) => typed || withArticles[0] || '')
      },
      () => {}, // the list below reports the relay's error for the site chosen
    )
  }, [])

  function edit(next: Editing | null, loaded: ArticleFields = EMPTY_FIELDS): void {
    setEditing(next)
    setFields(loaded)
    setError('')
  }

  async function run(work: () => Promise<unknown>): Promise<boolean> {
    setBusy(true)
    setError('')
    try {
      await work()
      setVersion((v) => v + 1)
      return true
    } catch (err) {
      setError(messageOf(err))
      return false
    } finally {
      setBusy(false)
    }
  }

  async function startEdit(hit: KbHit): Promise<void> {
    setBusy(true)
    try {
      // The list holds snippets; the form needs the whole body.
      const article = await fetchArticle(hit.site, hit.id)
      edit({ id: article.id, site: article.site, title: article.title }, { title: article.title, body: article.body, lang: article.lang, tags: tagsText(article.tags) })
    } catch (err) {
      setError(messageOf(err))
    } finally {
      setBusy(false)
    }
  }

  async function submit(): Promise<void> {
    const target = editing?.site ?? chosen
    if (!target) return setError('Name the site the article is for.')
    if (await run(() => saveArticle(target, articleInput(fields), editing?.id))) edit(null)
  }

  async function remove(hit: KbHit): Promise<void> {
    if (await run(() => deleteArticle(hit.site, hit.id))) {
      if (editing?.id === hit.id && editing.site === hit.site) edit(null)
    }
  }

  const offered = knownSites(sites, found)
  return (
    <Modal label="Knowledge base" onClose={onClose}>
      <div class="kb-filters">
        <label class="field">
          <span>Site</span>
          <input value={site} list={`${ids}-sites`} autocomplete="off" onInput={(e) => setSite(e.currentTarget.value)} />
          <datalist id={`${ids}-sites`}>
            {offered.map((s) => (
              <option key={s} value={s} />
            ))}
          </datalist>
        </label>
        <label class="field">
          <span>Search articles</span>
          <input type="search" value={q} autocomplete="off" onInput={(e) => setQ(e.currentTarget.value)} />
        </label>
      </div>
      {!chosen ? (
        <p class="none">Name a site to see its articles.</p>
      ) : listing.error ? (
        <p class="error" role="alert">
          {listing.error}
        </p>
      ) : listing.loading && listing.hits.length === 0 ? (
        <p class="loading">Loading…</p>
      ) : listing.hits.length === 0 ? (
        <p class="none">{q.trim() ? 'No article matches.' : 'No articles yet.'}</p>
      ) : (
        <ul class="kb-list" aria-label="Articles" aria-busy={listing.loading}>
          {listing.hits.map((hit) => (
            <li key={`${hit.site}-${hit.id}`}>
              <span class="kb-item">
                <span class="article-title">{hit.title}</span>
                <span class="kb-meta">
                  {hit.lang}
                  {hit.tags.length > 0 && ` · ${tagsText(hit.tags)}`}
                </span>
              </span>
              <span class="row-actions">
                <button type="button" aria-label={`Edit "${hit.title}"`} disabled={busy} onClick={() => void startEdit(hit)}>
                  Edit
                </button>
                <button type="button" aria-label={`Delete "${hit.title}"`} disabled={busy} onClick={() => void remove(hit)}>
                  Delete
                </button>
              </span>
            </li>
          ))}
        </ul>
      )}
      <KbArticleForm
        heading={editing ? `Edit "${editing.title}"` : chosen ? `New article on ${chosen}` : 'New article'}
        fields={fields}
        editing={editing !== null}
        busy={busy}
        error={error}
        onChange={setFields}
        onSubmit={() => void submit()}
        onCancel={() => edit(null)}
      />
      {chosen && <KbStats site={chosen} version={version} />}
    </Modal>
  )
}
