/**
 * @module widget/hint — what the loader may know before the widget is loaded: whether this
 * visitor has a conversation going and how many operator messages they have not seen. The
 * widget keeps it current in localStorage; the loader reads it to paint the badge at once and
 * to fetch the widget early for a visitor who is in the middle of a chat.
 */
export interface Hint {
  active: boolean
  unread: number
}

const key = (site: string) => `parley:${site}:hint`

export function readHint(site: string): Hint {
  try {
    const hint = JSON.parse(localStorage.getItem(key(site)) ?? 'null') as Partial<Hint> | null
    return { active: hint?.active === true, unread: Math.max(0, Number(hint?.unread) || 0) }
  } catch {
    return { active: false, unread: 0 }
  }
}

export function writeHint(site: string, hint: Hint): void {
  try {
    localStorage.setItem(key(site), JSON.stringify(hint))
  } catch {
    // Storage refused: the loader simply waits for intent.
  }
}
