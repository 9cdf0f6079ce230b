/**
 * @module widget/ui/seldom-words — a part (PARTS in scripts/build.ts): the words few visitors ever
 * see (a slow link, the relay's limits, a chat passed on), in this bundle's language. Fetched the
 * first time one of them is to be shown (widget/ui/seldom).
 */
export { seldom as WORDS } from '../i18n/current.js'
