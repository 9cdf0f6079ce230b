/**
 * @module widget/i18n/current — the one language a widget bundle speaks. The build makes a
 * bundle per language and swaps this module for that language's, so a visitor downloads only
 * their own words (the loader picks the bundle). Type-checking and tests see English.
 * `selfService`, `rating`, `email` and `seldom` are for those parts only, which are built per
 * language too.
 */
export { en as strings, enEmail as email, enRating as rating, enSeldom as seldom, enSelfService as selfService } from './en.js'
export const LANG = 'en'
