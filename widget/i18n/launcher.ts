/** @module widget/i18n/launcher — the launcher's label in each language: all the loader needs to say before the widget arrives. */
import type { Lang } from './index.js'

export const LAUNCHER_LABEL: Record<Lang, (unread: number) => string> = {
  en: (n) => (n ? `Open chat (${n} unread)` : 'Open chat'),
  ru: (n) => (n ? `Открыть чат (непрочитанных: ${n})` : 'Открыть чат'),
  pt: (n) => (n ? `Abrir chat (não lidas: ${n})` : 'Abrir chat'),
}
