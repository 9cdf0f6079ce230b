/** @module relay/agent/CannedPicker — what "/…" in the composer offers: canned answers and knowledge-base articles, each under its own heading. The composer keeps focus and drives it with the arrow keys. */
import type { PickerItem } from './picker-items.js'
import { itemKey } from './picker-items.js'

interface PickerProps {
  id: string
  items: PickerItem[]
  active: number
  /** How the knowledge-base search is doing, when that is worth saying ("Searching…", the relay's error). */
  status: string
  onPick(item: PickerItem): void
}

export const optionId = (list: string, index: number) => `${list}-${index}`

/** Visible headings, so nobody mistakes an article for an answer the team wrote. */
const GROUP_LABELS: Record<PickerItem['kind'], string> = { canned: 'Canned answers', article: 'Knowledge base' }

interface GroupProps {
  list: string
  kind: PickerItem['kind']
  items: PickerItem[]
  /** Index of the group's first item in the whole list: option ids and the active one count across groups. */
  first: number
  active: number
  onPick(item: PickerItem): void
}

function Group({ list, kind, items, first, active, onPick }: GroupProps) {
  if (items.length === 0) return null
  const heading = `${list}-${kind}`
  return (
    <div role="group" aria-labelledby={heading}>
      <p id={heading} class="picker-group">
        {GROUP_LABELS[kind]}
      </p>
      {items.map((item, i) => (
        <div
          key={itemKey(item)}
          id={optionId(list, first + i)}
          class="picker-option"
          role="option"
          aria-selected={first + i === active}
          // mousedown would take focus from the composer, which must keep it for typing on.
          onMouseDown={(e) => e.preventDefault()}
          onClick={() => onPick(item)}
        >
          {item.kind === 'canned' ? (
            <>
              <span class="shortcut">/{item.answer.shortcut}</span>
              <span class="canned-text">{item.answer.text}</span>
            </>
          ) : (
            <>
              <span class="article-title">{item.article.title}</span>
              <span class="canned-text">{item.article.snippet}</span>
            </>
          )}
        </div>
      ))}
    </div>
  )
}

/** `items` holds the canned answers first (offerAnswers), so the groups keep the list's order. */
export function CannedPicker({ id, items, active, status, onPick }: PickerProps) {
  const canned = items.filter((item) => item.kind === 'canned')
  const articles = items.filter((item) => item.kind === 'article')
  return (
    <div class="canned-picker">
      <div id={id} role="listbox" aria-label="Canned answers and articles">
        <Group list={id} kind="canned" items={canned} first={0} active={active} onPick={onPick} />
        <Group list={id} kind="article" items={articles} first={canned.length} active={active} onPick={onPick} />
      </div>
      {status && (
        <p class="picker-status" role="status">
          {status}
        </p>
      )}
    </div>
  )
}
