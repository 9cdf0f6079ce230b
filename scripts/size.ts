/** @module scripts/size — `npm run size`: compressed sizes of what visitors and operators download. */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Manifest } from '../relay/assets.js'
import { budgetLine, checkBudgets, formatSizes, measure, measureWidget } from './sizes.js'

const dist = join(import.meta.dirname, '..', 'dist')
if (!existsSync(join(dist, 'manifest.json'))) {
  console.error('dist/ is missing: run `npm run build` first')
  process.exit(1)
}
const manifest = JSON.parse(readFileSync(join(dist, 'manifest.json'), 'utf8')) as Manifest
const loader = measure(join(dist, 'widget.js'))
const downloads = Object.keys(manifest.widgetScripts).map((lang) => measureWidget(dist, lang, manifest.widgetScripts[lang]!, manifest.widgetParts[lang] ?? []))
console.log('every page view (the loader):')
console.log(formatSizes([loader]))
for (const { lang, widget, parts } of downloads) {
  console.log(`a visitor who chats in ${lang}: the widget, then each part only when needed:`)
  console.log(formatSizes([widget, ...parts]))
}
console.log('operator (agent page):')
console.log(formatSizes([measure(join(dist, manifest.agentScript)), measure(join(dist, manifest.agentStyle))]))
for (const download of downloads) console.log(budgetLine(loader, download))
const problems = downloads.flatMap((download) => checkBudgets(loader, download))
for (const problem of problems) console.error(problem)
if (problems.length) process.exit(1)
