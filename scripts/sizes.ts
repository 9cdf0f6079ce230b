/** @module scripts/sizes — what a visitor really downloads, compressed, and the budget it must fit. */
import { readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'

/**
 * Gzipped budgets: the loader every page view pays for, and everything a visitor downloads to
 * open the widget and chat (loader + widget). The parts the widget fetches only when needed
 * (rating form, email form, chime, long-polling, self-service, seldom words, the words for API
 * mistakes) have a ceiling with them on top. The build fails above any of these. Loader + widget
 * is the widget issue's target, 18 KB, in every language (Russian is the largest: Cyrillic letters
 * take two bytes each). The ceiling with every part went from 22.5 to 25.5 KB with self-service
 * (issue 8, about 2.5 KB): a visitor fetches it only when they type a first question, and nobody
 * fetches every part.
 */
export const BUDGET = { loader: 2.5 * 1024, toChat: 18 * 1024, withParts: 25.5 * 1024 }

export interface Size {
  file: string
  raw: number
  gzip: number
  brotli: number
}

/** One language's widget, as a visitor downloads it: the bundle, then each part when needed. */
export interface WidgetDownload {
  lang: string
  widget: Size
  parts: Size[]
}

export function measure(file: string): Size {
  const bytes = readFileSync(file)
  return {
    file,
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  }
}

export function measureWidget(dist: string, lang: string, widget: string, parts: string[]): WidgetDownload {
  return { lang, widget: measure(join(dist, widget)), parts: parts.map((part) => measure(join(dist, part))) }
}

const kb = (n: number) => `${(n / 1024).toFixed(2)} KB`
const sum = (sizes: Size[], key: 'gzip' | 'brotli') => sizes.reduce((total, size) => total + size[key], 0)

export function formatSizes(sizes: Size[]): string {
  const rows = sizes.map((s) => `  ${relative(process.cwd(), s.file).padEnd(44)} ${kb(s.raw).padStart(10)} raw ${kb(s.gzip).padStart(10)} gzip ${kb(s.brotli).padStart(10)} brotli`)
  return rows.join('\n')
}

export function checkBudgets(loader: Size, download: WidgetDownload): string[] {
  const problems: string[] = []
  const toChat = loader.gzip + download.widget.gzip
  const withParts = toChat + sum(download.parts, 'gzip')
  if (loader.gzip > BUDGET.loader) problems.push(`widget.js (the loader) is ${loader.gzip} B gzipped, over its budget of ${BUDGET.loader} B`)
  if (toChat > BUDGET.toChat) problems.push(`loader + the ${download.lang} widget are ${toChat} B gzipped, over the budget of ${BUDGET.toChat} B`)
  if (withParts > BUDGET.withParts) problems.push(`loader + the ${download.lang} widget with all its parts are ${withParts} B gzipped, over the budget of ${BUDGET.withParts} B`)
  return problems
}

export function budgetLine(loader: Size, download: WidgetDownload): string {
  const toChat = [loader, download.widget]
  const withParts = [...toChat, ...download.parts]
  return (
    `${download.lang}: loader ${kb(loader.gzip)} of ${kb(BUDGET.loader)}; loader + widget ${kb(sum(toChat, 'gzip'))} of ${kb(BUDGET.toChat)} gzip (${kb(sum(toChat, 'brotli'))} brotli); ` +
    `with all parts ${kb(sum(withParts, 'gzip'))} of ${kb(BUDGET.withParts)} gzip (${kb(sum(withParts, 'brotli'))} brotli)`
  )
}
