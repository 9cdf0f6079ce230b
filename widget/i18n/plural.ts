/** @module widget/i18n/plural — picks the plural form CLDR prescribes for a number in a language. */

/**
 * Forms a language does not need may be left out: `other` covers them. Russian needs `few`
 * (2–4, 22–24…) and `many` (0, 5–20, 25…) besides `one` (1, 21, 31…); English and Portuguese
 * need only `one` and `other`.
 */
export interface PluralForms {
  one: string
  few?: string
  many?: string
  other: string
}

// Categories a dictionary leaves out ('zero', 'two', or 'few' where it gave none) fall back to `other`.
export const plural = (lang: string, n: number, forms: PluralForms): string =>
  (forms as Partial<Record<Intl.LDMLPluralRule, string>>)[new Intl.PluralRules(lang).select(n)] ?? forms.other
