/** @module widget/ui/strings — the words the widget shows, in the language of this bundle (see i18n/current). */
export { LANG, strings as STRINGS } from '../i18n/current.js'
