/**
 * @module scripts/build — builds the three bundles with esbuild: the widget (one minified IIFE,
 * what site owners embed), the agent page (content-hashed ESM + CSS), and the relay (Node ESM).
 * Fails when the widget is over its gzip budget.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { build, transform, type BuildOptions, type Plugin } from 'esbuild'
import { budgetLine, checkBudgets, formatSizes, measure } from './sizes.js'

const root = join(import.meta.dirname, '..')
const LANGUAGES = ['en', 'ru', 'pt'] as const
const dist = join(root, 'dist')

const browser: BuildOptions = {
  bundle: true,
  minify: true,
  jsx: 'automatic',
  jsxImportSource: 'preact',
  legalComments: 'none',
  logLevel: 'warning',
}

rmSync(dist, { recursive: true, force: true })
mkdirSync(join(dist, 'assets'), { recursive: true })

/** Swaps widget/i18n/current.ts for one language's words, so each bundle carries only its own. */
const language = (lang: string): Plugin => ({
  name: 'widget-language',
  setup(b) {
    b.onLoad({ filter: /[\\/]widget[\\/]i18n[\\/]current\.ts$/ }, () => ({
      contents: `export { ${lang} as strings } from './${lang}.js'\nexport const LANG = '${lang}'`,
      resolveDir: join(root, 'widget', 'i18n'),
      loader: 'ts',
    }))
  },
})

/** The widget's CSS is written readable, in template literals; it ships minified. */
const minifiedCss: Plugin = {
  name: 'minified-css',
  setup(b) {
    b.onLoad({ filter: /[\\/]widget[\\/]ui[\\/](styles|launcher-css)\.ts$/ }, async ({ path }) => {
      let contents = readFileSync(path, 'utf8')
      for (const [literal, css] of contents.matchAll(/`([^`$]*)`/g)) {
        const { code } = await transform(css!, { loader: 'css', minify: true })
        contents = contents.replace(literal, JSON.stringify(code.trim()))
      }
      return { contents, loader: 'ts' }
    })
  },
}

// The widget first, one bundle per language: their content-hashed names go into the loader,
// which picks the visitor's language and fetches that bundle on intent.
const widgetScripts: Record<string, string> = {}
for (const lang of LANGUAGES) {
  const widgetApp = await build({
    ...browser,
    entryPoints: { [`widget-${lang}`]: join(root, 'widget/app.ts') },
    outdir: join(dist, 'assets'),
    entryNames: '[name]-[hash]',
    format: 'iife',
    target: ['es2020'],
    charset: 'utf8',
    metafile: true,
    plugins: [language(lang), minifiedCss],
  })
  widgetScripts[lang] = `assets/${basename(Object.keys(widgetApp.metafile.outputs)[0]!)}`
}

await build({
  ...browser,
  entryPoints: [join(root, 'widget/loader.ts')],
  outfile: join(dist, 'widget.js'),
  format: 'iife',
  target: ['es2020'],
  charset: 'utf8',
  plugins: [minifiedCss],
  define: { PARLEY_APP: JSON.stringify(Object.fromEntries(Object.entries(widgetScripts).map(([lang, path]) => [lang, `/${path}`]))) },
})

const agent = await build({
  ...browser,
  entryPoints: { agent: join(root, 'relay/agent/main.tsx') },
  outdir: join(dist, 'assets'),
  entryNames: '[name]-[hash]',
  format: 'esm',
  target: ['es2022'],
  metafile: true,
})
const outputs = Object.keys(agent.metafile.outputs).map((file) => `assets/${basename(file)}`)
const agentScript = outputs.find((f) => f.endsWith('.js'))
const agentStyle = outputs.find((f) => f.endsWith('.css'))
if (!agentScript || !agentStyle) throw new Error(`agent build produced ${outputs.join(', ')}; expected one .js and one .css`)
writeFileSync(join(dist, 'manifest.json'), JSON.stringify({ widgetScripts, agentScript, agentStyle }, null, 2))

await build({
  entryPoints: [join(root, 'relay/main.ts')],
  outfile: join(dist, 'relay.js'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
})

const loader = measure(join(dist, 'widget.js'))
const apps = Object.values(widgetScripts).map((path) => measure(join(dist, path)))
console.log(`built dist/\n${formatSizes([loader, ...apps, measure(join(dist, agentScript)), measure(join(dist, agentStyle))])}`)
const problems = apps.flatMap((app) => checkBudgets(loader, app))
for (const problem of problems) console.error(problem)
if (problems.length) process.exit(1)
for (const app of apps) console.log(budgetLine(loader, app))
