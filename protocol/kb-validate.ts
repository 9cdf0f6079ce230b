/**
 * @module protocol/kb-validate — checks what a knowledge-base request or import entry holds
 * (protocol/kb.ts), with the field checks frames use: only known fields come out, and a refusal
 * carries an error code and a sentence.
 */
import { KB_ID_PATTERN, KB_LANGS, KB_MAX_BODY_LENGTH, KB_MAX_QUERY_LENGTH, KB_MAX_TAG_LENGTH, KB_MAX_TAGS, KB_MAX_TITLE_LENGTH, type KbArticleInput, type KbLang, type KbQuery } from './kb.js'
import { SITE_PATTERN } from './limits.js'
import { FieldError, fieldChecks, validateFields, type FieldCheck, type Parsed } from './validate.js'

const { string, optional } = fieldChecks

const lang: FieldCheck<KbLang> = (value, name) => {
  if (!(KB_LANGS as readonly unknown[]).includes(value)) throw new FieldError('bad_field', `${name} must be one of ${KB_LANGS.join(', ')}`)
  return value as KbLang
}

const trimmed = (check: FieldCheck<string>): FieldCheck<string> => (value, name) => check(typeof value === 'string' ? value.trim() : value, name)

const tags: FieldCheck<string[]> = (value, name) => {
  if (!Array.isArray(value) || value.length > KB_MAX_TAGS) throw new FieldError('bad_field', `${name} must be an array of at most ${KB_MAX_TAGS} strings`)
  const tag = trimmed(string({ min: 1, max: KB_MAX_TAG_LENGTH, blank: false }))
  return [...new Set(value.map((item, i) => tag(item, `${name}[${i}]`)))]
}

const articleSpec = (defaultLang: KbLang | undefined) => ({
  id: optional(string({ max: 64, pattern: KB_ID_PATTERN })),
  // Trimmed, because an import matches articles by title: "Refunds " must be "Refunds".
  title: trimmed(string({ min: 1, max: KB_MAX_TITLE_LENGTH, blank: false })),
  body: string({ min: 1, max: KB_MAX_BODY_LENGTH, blank: false }),
  lang: defaultLang === undefined ? lang : (value: unknown, name: string) => (value === undefined ? defaultLang : lang(value, name)),
  tags: (value: unknown, name: string) => (value === undefined ? [] : tags(value, name)),
})

/** An article from a request body or an import entry; `defaultLang` stands in for a missing `lang`. */
export function parseKbArticle(data: unknown, defaultLang?: KbLang): Parsed<KbArticleInput> {
  return validateFields<KbArticleInput>(articleSpec(defaultLang), data)
}

/** A field that must be there (a parameter left out of a query string is undefined). */
const required = <T>(check: FieldCheck<T>): FieldCheck<T> => (value, name) => {
  if (value === undefined) throw new FieldError('bad_field', `${name} is required`)
  return check(value, name)
}
const site = string({ max: 63, pattern: SITE_PATTERN })

const querySpec = { q: required(string({ max: KB_MAX_QUERY_LENGTH })), lang: optional(lang), site: optional(site) }

/** Search parameters from a query string (or any object holding them). */
export function parseKbQuery(params: unknown): Parsed<KbQuery> {
  return validateFields<KbQuery>(querySpec, params)
}

/** The `site` of a request about one article (an article's id is unique within its site). */
export function parseKbSite(params: unknown): Parsed<{ site: string }> {
  return validateFields<{ site: string }>({ site: required(site) }, params)
}

/** The parameters of the self-service stats: `site` may be left out (a supervisor's every site). */
export function parseKbStatsQuery(params: unknown): Parsed<{ site?: string }> {
  return validateFields<{ site?: string }>({ site: optional(site) }, params)
}
