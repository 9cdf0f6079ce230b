/**
 * @module relay/store/kb-query — turns what a visitor or operator typed into an FTS5 query for
 * kb_search: the words, folded like the index folds them, each cut to a light stem and matched
 * as a prefix. "payments" finds "payment", "платежи" finds "платёж", "pagamentos" finds
 * "pagamento", and "refu", a word still being typed, finds "refund".
 */
import type { KbLang } from '../../protocol/index.js'

/** Words of one query that are searched for: past this they add cost, not precision. */
const MAX_TERMS = 8

/**
 * Inflectional endings; the longest that fits is stripped, once: plural, case and the commonest verb
 * endings, nothing derivational. Cutting too little costs nothing, because the stem is matched
 * as a prefix ("payment" finds "payments"); cutting too much only widens the match, and bm25
 * ranks the wider set. Latin words are compared without accents, as unicode61 indexes them.
 */
const ENDINGS: Record<KbLang, readonly string[]> = {
  en: ['ies', 'ing', 'es', 'ed', 's'],
  pt: ['coes', 'cao', 'oes', 'aes', 'ais', 'eis', 'ois', 'os', 'as', 'es', 'ao', 'o', 'a', 'e', 's'],
  ru: [
    'иями', 'ться', 'ями', 'ами', 'иях', 'ией', 'ием', 'ого', 'его', 'ому', 'ему', 'ыми', 'ими', 'тся', 'ить', 'ать', 'ять', 'еть',
    'ях', 'ах', 'ям', 'ам', 'ов', 'ев', 'ей', 'ой', 'ий', 'ый', 'ая', 'яя', 'ое', 'ее', 'ые', 'ие', 'ую', 'юю', 'ом', 'ем', 'ым', 'им', 'ых', 'их',
    'ет', 'ит', 'ут', 'ют', 'ат', 'ят',
    'а', 'я', 'о', 'е', 'ы', 'и', 'у', 'ю', 'ь', 'й',
  ],
}
const LONGEST_FIRST = (list: readonly string[]) => [...list].sort((a, b) => b.length - a.length)
const ENDINGS_BY_LENGTH: Record<KbLang, readonly string[]> = { en: LONGEST_FIRST(ENDINGS.en), pt: LONGEST_FIRST(ENDINGS.pt), ru: LONGEST_FIRST(ENDINGS.ru) }
/** A stem must keep this many letters; a shorter prefix would match too much of the language. */
const MIN_STEM: Record<KbLang, number> = { en: 3, pt: 3, ru: 4 }

const CYRILLIC = /\p{Script=Cyrillic}/u

/** Lower case, and ё as е: what the kb_search triggers index (see migration 7). */
export function foldYo(text: string): string {
  return text.normalize('NFC').toLowerCase().replaceAll('ё', 'е')
}

function stemWith(word: string, lang: KbLang): string {
  for (const ending of ENDINGS_BY_LENGTH[lang]) {
    if (word.endsWith(ending) && word.length - ending.length >= MIN_STEM[lang]) return word.slice(0, -ending.length)
  }
  return word
}

/**
 * The stem of one lower-case word. Cyrillic words take the Russian rules whatever the page's
 * language; a Latin word takes the English or Portuguese ones, or, when the language is not
 * known, whichever cuts more (the prefix then covers both readings).
 */
export function stem(word: string, lang?: KbLang): string {
  if (CYRILLIC.test(word)) return stemWith(word, 'ru')
  const bare = word.normalize('NFD').replace(/\p{M}/gu, '')
  if (lang === 'en' || lang === 'pt') return stemWith(bare, lang)
  const [en, pt] = [stemWith(bare, 'en'), stemWith(bare, 'pt')]
  return en.length <= pt.length ? en : pt
}

/**
 * The MATCH expression for `text`, or undefined when it holds nothing to search for. Words are
 * ORed, so a question in the visitor's own words still finds the article that shares its rarer
 * words (bm25 weighs those up). The longest words are kept when there are too many: length is a
 * cheap stand-in for a stop-word list in three languages. One-letter words are dropped; two-letter
 * words ("id", "no") must match whole, since as prefixes they would match nearly everything.
 */
export function kbMatchQuery(text: string, lang?: KbLang): string | undefined {
  const words = [...new Set(foldYo(text).match(/[\p{L}\p{N}\p{M}]+/gu) ?? [])].filter((word) => word.length > 1)
  const kept = words.sort((a, b) => b.length - a.length).slice(0, MAX_TERMS)
  if (kept.length === 0) return undefined
  // Words hold only letters, digits and marks, so quoting them is enough to keep FTS5 syntax out.
  return kept.map((word) => (word.length === 2 ? `"${word}"` : `"${stem(word, lang)}"*`)).join(' OR ')
}
