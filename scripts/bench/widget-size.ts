/**
 * @module scripts/bench/widget-size — what visitors download, compressed, from the built dist/:
 * the loader every page view pays for, and loader + widget per language (scripts/sizes.ts
 * `measure`). Parts the widget fetches only when needed are counted apart, when the build has them.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { measure, type Size } from '../sizes.js'

export const DIST = join(import.meta.dirname, '..', '..', 'dist')

export interface WidgetDownload {
  lang: string
  /** Loader + the widget bundle of this language. */
  gzip: number
  brotli: number
  /** Lazily fetched parts of this language (0 when the build has none). */
  partsGzip: number
}

export interface WidgetSizes {
  loader: Size
  downloads: WidgetDownload[]
}

interface BuiltManifest {
  widgetScripts: Record<string, string>
  widgetParts?: Record<string, string[]>
}

export function measureWidgetSizes(): WidgetSizes {
  const manifestPath = join(DIST, 'manifest.json')
  if (!existsSync(manifestPath)) throw new Error('dist/manifest.json is missing: run `npm run build` first')
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as BuiltManifest
  const loader = measure(join(DIST, 'widget.js'))
  const downloads = Object.entries(manifest.widgetScripts).map(([lang, path]): WidgetDownload => {
    const app = measure(join(DIST, path))
    const parts = (manifest.widgetParts?.[lang] ?? []).map((part) => measure(join(DIST, part)))
    return { lang, gzip: loader.gzip + app.gzip, brotli: loader.brotli + app.brotli, partsGzip: parts.reduce((sum, part) => sum + part.gzip, 0) }
  })
  return { loader, downloads }
}
