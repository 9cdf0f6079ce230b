/** @module widget/i18n — which language the widget speaks, its words in it, and message times in the visitor's locale. */
import { en } from './en.js'
import { pt } from './pt.js'
import { ru } from './ru.js'
import type { Strings } from './types.js'

export { plural, type PluralForms } from './plural.js'
export type { CommonEvent, EmailStrings, RatingStrings, SeldomEvent, SeldomStrings, SelfServiceStrings, Strings } from './types.js'
export { en, pt, ru }

export type Lang = 'en' | 'ru' | 'pt'

const LANGS: readonly Lang[] = ['en', 'ru', 'pt']
const DICTIONARIES: Record<Lang, Strings> = { en, ru, pt }

// Only the primary subtag counts ('pt-BR' and 'pt-PT' share one dictionary); '_' splits too,
// since site owners type 'pt_BR' into data-lang.
const primary = (tag: string | undefined) => tag?.split(/[-_]/)[0]?.toLowerCase()

/** The site owner's data-lang when we speak it, else the visitor's first browser language we speak, else English. */
export function pickLanguage(dataLang: string | undefined, navigatorLanguages: readonly string[]): Lang {
  for (const tag of [dataLang, ...navigatorLanguages]) {
    const lang = LANGS.find((l) => l === primary(tag))
    if (lang) return lang
  }
  return 'en'
}

export const stringsFor = (lang: Lang): Strings => DICTIONARIES[lang]

/**
 * The locale to format times with: the visitor's own tag when it is a variant of the language the
 * widget speaks ('en-GB' reads 14:05, 'en-US' 02:05 PM), else the bare language, so a Russian
 * widget never shows AM/PM because the browser happens to be set to English.
 */
export const localeFor = (lang: Lang, navigatorLanguages: readonly string[]): string =>
  navigatorLanguages.find((tag) => primary(tag) === lang) ?? lang

/**
 * Hours and minutes; a message from an earlier day (in the visitor's time zone) also shows the
 * day and short month, and the year when it is not this one. `now` is a parameter for tests.
 */
export function formatTime(at: number, lang: string, now = Date.now()): string {
  const date = new Date(at)
  const today = new Date(now)
  const options: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit' }
  if (date.toDateString() !== today.toDateString()) {
    options.day = 'numeric'
    options.month = 'short'
    if (date.getFullYear() !== today.getFullYear()) options.year = 'numeric'
  }
  // A malformed tag makes Intl throw a RangeError; the widget must never throw into the host page.
  try {
    return date.toLocaleString(lang, options)
  } catch {
    return date.toLocaleString(undefined, options)
  }
}
