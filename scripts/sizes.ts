/** @module scripts/sizes — what a visitor really downloads, compressed, and the budget it must fit. */
import { readFileSync } from 'node:fs'
import { relative } from 'node:path'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'

/**
 * Gzipped budgets: the loader every page view pays for, and everything a visitor downloads to
 * chat (loader + widget). The build fails above either. The widget issue's target for the total
 * is 18 KB; it is not reached yet, so the check holds the line where it stands (see README).
 */
export const BUDGET = { loader: 2.5 * 1024, total: 20.5 * 1024 }

export interface Size {
  file: string
  raw: number
  gzip: number
  brotli: number
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

const kb = (n: number) => `${(n / 1024).toFixed(2)} KB`

export function formatSizes(sizes: Size[]): string {
  const rows = sizes.map((s) => `  ${relative(process.cwd(), s.file).padEnd(36)} ${kb(s.raw).padStart(10)} raw ${kb(s.gzip).padStart(10)} gzip ${kb(s.brotli).padStart(10)} brotli`)
  return rows.join('\n')
}

export function checkBudgets(loader: Size, app: Size): string[] {
  const problems: string[] = []
  if (loader.gzip > BUDGET.loader) problems.push(`widget.js (the loader) is ${loader.gzip} B gzipped, over its budget of ${BUDGET.loader} B`)
  if (loader.gzip + app.gzip > BUDGET.total) problems.push(`loader + ${relative(process.cwd(), app.file)} are ${loader.gzip + app.gzip} B gzipped, over the budget of ${BUDGET.total} B`)
  return problems
}

export function budgetLine(loader: Size, app: Size): string {
  return `loader ${kb(loader.gzip)} of ${kb(BUDGET.loader)} gzip; loader + ${relative(process.cwd(), app.file)} ${kb(loader.gzip + app.gzip)} of ${kb(BUDGET.total)} gzip (${kb(loader.brotli + app.brotli)} brotli)`
}
