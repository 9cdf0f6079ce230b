/** @module scripts/size — `npm run size`: compressed sizes of what visitors and operators download. */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { budgetLine, checkBudgets, formatSizes, measure } from './sizes.js'

const dist = join(import.meta.dirname, '..', 'dist')
if (!existsSync(join(dist, 'manifest.json'))) {
  console.error('dist/ is missing: run `npm run build` first')
  process.exit(1)
}
const manifest = JSON.parse(readFileSync(join(dist, 'manifest.json'), 'utf8')) as { widgetScripts: Record<string, string>; agentScript: string; agentStyle: string }
const loader = measure(join(dist, 'widget.js'))
const apps = Object.values(manifest.widgetScripts).map((path) => measure(join(dist, path)))
console.log('every page view (the loader):')
console.log(formatSizes([loader]))
console.log('a visitor who chats downloads the loader and the widget in their language (one of):')
console.log(formatSizes(apps))
console.log('operator (agent page):')
console.log(formatSizes([measure(join(dist, manifest.agentScript)), measure(join(dist, manifest.agentStyle))]))
for (const app of apps) console.log(budgetLine(loader, app))
const problems = apps.flatMap((app) => checkBudgets(loader, app))
for (const problem of problems) console.error(problem)
if (problems.length) process.exit(1)
