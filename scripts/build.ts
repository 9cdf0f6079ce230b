/**
 * @module scripts/build — builds the three bundles with esbuild: the widget (one minified IIFE,
 * what site owners embed), the agent page (content-hashed ESM + CSS), and the relay (Node ESM).
 * Fails when the widget is over its gzip budget.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { build, transform, type BuildOptions, type Metafile, type Plugin } from 'esbuild'
import { COMPRESSED, makeAsset, type Manifest } from '../relay/assets.js'
import { PARTS_SYMBOL } from '../widget/parts.js'
import { budgetLine, checkBudgets, formatSizes, measure, measureWidget } from './sizes.js'

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

/**
 * Swaps widget/i18n/current.ts for one language's words, so each bundle carries only its own. The
 * self-service, rating, email and seldom-words parts take their words (`selfService`, `rating`,
 * `email`, `seldom`) from here too, so they are built per language, and the widget carries none
 * of those words.
 */
const language = (lang: string): Plugin => ({
  name: 'widget-language',
  setup(b) {
    b.onLoad({ filter: /[\\/]widget[\\/]i18n[\\/]current\.ts$/ }, () => ({
      contents: `export { ${lang} as strings, ${lang}Email as email, ${lang}Rating as rating, ${lang}Seldom as seldom, ${lang}SelfService as selfService } from './${lang}.js'\nexport const LANG = '${lang}'`,
      resolveDir: join(root, 'widget', 'i18n'),
      loader: 'ts',
    }))
  },
})

/**
 * The widget's CSS is written readable, in template literals; it ships minified. esbuild keeps the
 * spaces in custom properties and var() fallbacks (`--fg: var(--parley-fg, #111827)`), which the
 * browser trims anyway, so they go too; the CSS holds no quoted text with ", " in it.
 */
const minifiedCss: Plugin = {
  name: 'minified-css',
  setup(b) {
    b.onLoad({ filter: /[\\/]widget[\\/]ui[\\/](styles|[a-z-]+-css)\.ts$/ }, async ({ path }) => {
      let contents = readFileSync(path, 'utf8')
      for (const [literal, css] of contents.matchAll(/`([^`$]*)`/g)) {
        const { code } = await transform(css!, { loader: 'css', minify: true })
        contents = contents.replace(literal, JSON.stringify(code.trim().replace(/(--[\w-]+): /g, '$1:').replace(/, /g, ',')))
      }
      return { contents, loader: 'ts' }
    })
  },
}

/**
 * Parts of the widget that only some visitors need, fetched with `import()` when first needed.
 * Each is its own small ES module; the widget's `import('./RatingPrompt.js')` becomes an import
 * of the built file, which resolves beside the widget's own script on the relay.
 */
const PARTS = ['widget/ui/RatingPrompt.tsx', 'widget/ui/EmailForm.tsx', 'widget/ui/chime.ts', 'widget/link/long-poll.ts', 'widget/ui/SelfService.tsx', 'widget/ui/seldom-words.ts', 'widget/problems.ts'].map((file) => join(root, file))

/**
 * What a part takes from the widget instead of carrying a copy, by the names the widget lends
 * them under (widget/parts.ts): one Preact renders the whole tree, one flag says the visitor has
 * touched the page, and the words the widget also shows are its own. Words only a part shows ship
 * with it (i18n/current: `rating`, `email`, `selfService`, `seldom`), so those parts are built per language.
 */
const SHARED_WITH_PARTS: { filter: RegExp; key: string; names: string[] }[] = [
  { filter: /^preact\/jsx-runtime$/, key: 'jsx', names: ['jsx', 'jsxs', 'Fragment'] },
  { filter: /[\\/]gesture\.js$/, key: 'gesture', names: ['hasGesture'] },
  { filter: /[\\/]strings\.js$/, key: 'strings', names: ['STRINGS'] },
]

const sharedFromWidget: Plugin = {
  name: 'shared-from-widget',
  setup(b) {
    for (const { filter, key } of SHARED_WITH_PARTS) b.onResolve({ filter }, () => ({ path: key, namespace: 'shared' }))
    b.onLoad({ filter: /.*/, namespace: 'shared' }, ({ path }) => {
      const { names } = SHARED_WITH_PARTS.find((shared) => shared.key === path)!
      return { contents: `export const { ${names.join(', ')} } = globalThis[Symbol.for('${PARTS_SYMBOL}')].${path}`, loader: 'js' }
    })
  },
}

/** In the widget, `import()` of a part becomes an import of its built file; any other is a mistake. */
const partsByFile = (built: Map<string, string>): Plugin => ({
  name: 'widget-parts',
  setup(b) {
    b.onResolve({ filter: /.*/ }, ({ kind, path, resolveDir }) => {
      if (kind !== 'dynamic-import') return undefined
      const source = PARTS.find((part) => part.replace(/\.tsx?$/, '.js') === join(resolveDir, path))
      if (!source) return { errors: [{ text: `${path} is imported lazily but is not in PARTS (scripts/build.ts)` }] }
      return { path: `./${basename(built.get(source)!)}`, external: true }
    })
  },
})

/**
 * A classic script resolves `import("./part-….js")` against the page, not against itself: on a
 * site owner's page that is the wrong server. The widget lends the relay's /assets/ URL
 * (widget/parts.ts), and its part imports start from there.
 */
function fromRelay(code: string): string {
  const rewritten = code.replace(/\bimport\("\.\/(part-[\w-]+\.js)"\)/g, (_, file: string) => `import(globalThis[Symbol.for(${JSON.stringify(PARTS_SYMBOL)})].assets+${JSON.stringify(file)})`)
  if (/\bimport\("\./.test(rewritten)) throw new Error('the widget imports a part this build does not rewrite; see fromRelay in scripts/build.ts')
  return rewritten
}

/**
 * The widget is a classic script, but it is built as an ES module and wrapped here: esbuild's
 * `iife` format adds its CommonJS interop helpers (`__toESM`, `__require`, about 0.6 KB) to any
 * bundle that keeps an `import()` of an external file, and never calls them. The module's only
 * imports must be those `import()`s of parts, and it exports nothing, so the wrapper is all the
 * `iife` format would have added: a function scope and strict mode, which a module has anyway.
 */
function asClassicScript(code: string, output: Metafile['outputs'][string]): string {
  const staticImports = output.imports.filter((imported) => imported.kind !== 'dynamic-import')
  if (staticImports.length || output.exports.length) throw new Error('the widget bundle imports or exports statically; it must run as a classic script (see asClassicScript in scripts/build.ts)')
  return `"use strict";(()=>{${code.trim()}})();\n`
}

/**
 * Preact keeps its internals on vnodes and components under two-character names (`__k`, `__e`,
 * `__`…), some hundred uses in the widget; renamed to one letter they cost about 70 B gzipped less.
 * Only the widget bundle carries Preact (the parts borrow its `jsx`, and never touch a vnode's
 * insides), so only it is renamed. `__html`, `__source` and `__self` are public and do not match.
 * The renaming is kept in scripts/mangle-cache.json, so every language's bundle renames alike and a
 * change (a Preact upgrade) shows in review; the build writes it back when it grows.
 */
const PREACT_INTERNALS = /^__[a-zA-Z]?$/
const mangleCachePath = join(root, 'scripts', 'mangle-cache.json')
const committedCache = readFileSync(mangleCachePath, 'utf8')
let mangleCache: Record<string, string | false> = JSON.parse(committedCache)

// The widget first, one bundle per language (and its parts): their content-hashed names go into
// the loader, which picks the visitor's language and fetches that bundle on intent.
const widgetScripts: Record<string, string> = {}
const widgetParts: Record<string, string[]> = {}
for (const lang of LANGUAGES) {
  const parts = await build({
    ...browser,
    entryPoints: PARTS,
    outdir: join(dist, 'assets'),
    entryNames: 'part-[name]-[hash]',
    format: 'esm',
    target: ['es2020'],
    charset: 'utf8',
    metafile: true,
    plugins: [language(lang), minifiedCss, sharedFromWidget],
  })
  const built = new Map(Object.entries(parts.metafile.outputs).map(([file, output]) => [join(root, output.entryPoint!), file]))
  widgetParts[lang] = [...built.values()].map((file) => `assets/${basename(file)}`)
  const widgetApp = await build({
    ...browser,
    entryPoints: { [`widget-${lang}`]: join(root, 'widget/app.ts') },
    outdir: join(dist, 'assets'),
    entryNames: '[name]-[hash]',
    format: 'esm',
    target: ['es2020'],
    charset: 'utf8',
    metafile: true,
    write: false,
    plugins: [language(lang), minifiedCss, partsByFile(built)],
    mangleProps: PREACT_INTERNALS,
    mangleCache,
  })
  mangleCache = widgetApp.mangleCache!
  const [bundle] = widgetApp.outputFiles
  const output = Object.values(widgetApp.metafile.outputs)[0]!
  writeFileSync(bundle!.path, asClassicScript(fromRelay(bundle!.text), output))
  widgetScripts[lang] = `assets/${basename(bundle!.path)}`
}

const renamed = `${JSON.stringify(mangleCache, Object.keys(mangleCache).sort(), 2)}\n`
if (renamed !== committedCache) {
  writeFileSync(mangleCachePath, renamed)
  console.log('scripts/mangle-cache.json: the renamed Preact internals changed; commit it')
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
writeFileSync(join(dist, 'manifest.json'), JSON.stringify({ widgetScripts, widgetParts, agentScript, agentStyle } satisfies Manifest, null, 2))

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

// The relay serves every bundle gzip- or brotli-compressed at the strongest settings; done here
// once, not at each start (relay/assets.ts checks the copies against the files).
for (const file of ['widget.js', ...Object.values(widgetScripts), ...new Set(Object.values(widgetParts).flat()), agentScript, agentStyle]) {
  const { gzip, br } = makeAsset('', readFileSync(join(dist, file)))
  writeFileSync(join(dist, file + COMPRESSED.gzip), gzip)
  writeFileSync(join(dist, file + COMPRESSED.br), br)
}

const loader = measure(join(dist, 'widget.js'))
const downloads = LANGUAGES.map((lang) => measureWidget(dist, lang, widgetScripts[lang]!, widgetParts[lang]!))
console.log(`built dist/\n${formatSizes([loader, ...downloads.flatMap((d) => [d.widget, ...d.parts]), measure(join(dist, agentScript)), measure(join(dist, agentStyle))])}`)
const problems = downloads.flatMap((d) => checkBudgets(loader, d))
for (const problem of problems) console.error(problem)
if (problems.length) process.exit(1)
for (const d of downloads) console.log(budgetLine(loader, d))
