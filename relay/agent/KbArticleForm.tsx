/** @module relay/agent/KbArticleForm — a supervisor writes or changes one knowledge-base article: title, body, language, tags. */
import { KB_LANGS, KB_MAX_BODY_LENGTH, KB_MAX_TITLE_LENGTH } from '../../protocol/index.js'
import type { ArticleFields } from './kb-dialog-model.js'

const LANG_NAMES: Record<(typeof KB_LANGS)[number], string> = { en: 'English', ru: 'Russian', pt: 'Portuguese' }

interface ArticleFormProps {
  /** The heading: what is being written or changed. */
  heading: string
  fields: ArticleFields
  editing: boolean
  busy: boolean
  error: string
  onChange(fields: ArticleFields): void
  onSubmit(): void
  onCancel(): void
}

export function KbArticleForm({ heading, fields, editing, busy, error, onChange, onSubmit, onCancel }: ArticleFormProps) {
  const set = (patch: Partial<ArticleFields>) => onChange({ ...fields, ...patch })
  return (
    <form
      class="kb-form"
      onSubmit={(event) => {
        event.preventDefault()
        onSubmit()
      }}
    >
      <h3>{heading}</h3>
      <label class="field">
        <span>Title</span>
        <input value={fields.title} required maxLength={KB_MAX_TITLE_LENGTH} autocomplete="off" onInput={(e) => set({ title: e.currentTarget.value })} />
      </label>
      <label class="field">
        <span>Body</span>
        <textarea rows={8} required maxLength={KB_MAX_BODY_LENGTH} value={fields.body} onInput={(e) => set({ body: e.currentTarget.value })} />
      </label>
      <div class="kb-form-row">
        <label class="field">
          <span>Language</span>
          <select value={fields.lang} onChange={(e) => set({ lang: e.currentTarget.value as ArticleFields['lang'] })}>
            {KB_LANGS.map((lang) => (
              <option key={lang} value={lang}>
                {LANG_NAMES[lang]}
              </option>
            ))}
          </select>
        </label>
        <label class="field">
          <span>Tags (comma-separated)</span>
          <input value={fields.tags} autocomplete="off" onInput={(e) => set({ tags: e.currentTarget.value })} />
        </label>
      </div>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <div class="dialog-actions">
        <button type="submit" class="primary" disabled={busy}>
          {editing ? 'Save' : 'Add article'}
        </button>
        {editing && (
          <button type="button" onClick={onCancel}>
            Cancel edit
          </button>
        )}
      </div>
    </form>
  )
}
