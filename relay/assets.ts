/**
 * @module relay/assets — the built browser bundles, compressed once at startup and served by
 * `Accept-Encoding` (brotli, then gzip, then identity) with ETags and cache headers.
 */
import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { brotliCompressSync, brotliDecompressSync, constants, gunzipSync, gzipSync } from 'node:zlib'

export interface Asset {
  type: string
  etag: string
  identity: Buffer
  gzip: Buffer
  br: Buffer
}

/** What the build writes beside the bundles: the content-hashed names of the agent page's files. */
export interface Manifest {
  /** The widget the loader (/widget.js) fetches on intent, one bundle per language. */
  widgetScripts: Record<string, string>
  /** Per language, the parts the widget fetches only when needed (rating form, email form, chime, long-polling). */
  widgetParts: Record<string, string[]>
  agentScript: string
  agentStyle: string
}

export const CACHE = {
  /** Content-hashed names never change content: cache for a year. */
  immutable: 'public, max-age=31536000, immutable',
  /** widget.js keeps its name (site owners paste it), so caches must come back to check soon. */
  short: 'public, max-age=300, stale-while-revalidate=86400',
  /** HTML pages name the current hashed bundles: always revalidate. */
  revalidate: 'no-cache',
} as const

export function makeAsset(type: string, body: string | Buffer, compressed?: Pick<Asset, 'gzip' | 'br'>): Asset {
  const identity = typeof body === 'string' ? Buffer.from(body) : body
  return {
    type,
    etag: `"${createHash('sha256').update(identity).digest('base64url').slice(0, 22)}"`,
    identity,
    gzip: compressed?.gzip ?? gzipSync(identity, { level: 9 }),
    br: compressed?.br ?? brotliCompressSync(identity, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
  }
}

/** The suffixes of the compressed copies the build writes beside each bundle. */
export const COMPRESSED = { gzip: '.gz', br: '.br' } as const

/**
 * A built file, with the compressed copies the build wrote beside it: compressing every bundle
 * at the strongest settings was over half of the relay's cold start. Copies that are missing or
 * do not match the file (decompressing is cheap) are made again here.
 */
function builtAsset(type: string, path: string): Asset {
  const identity = readFileSync(path)
  const copy = (suffix: string, inflate: (data: Buffer) => Buffer) => {
    if (!existsSync(path + suffix)) return undefined
    const data = readFileSync(path + suffix)
    try {
      return inflate(data).equals(identity) ? data : undefined
    } catch {
      return undefined
    }
  }
  const gzip = copy(COMPRESSED.gzip, gunzipSync)
  const br = copy(COMPRESSED.br, brotliDecompressSync)
  return makeAsset(type, identity, gzip && br ? { gzip, br } : undefined)
}

/** Picks the smallest encoding the client accepts (q=0 means "not this one", RFC 9110 §12.5.3). */
export function pickEncoding(acceptEncoding: string | undefined): 'br' | 'gzip' | 'identity' {
  const accepted = new Set(
    (acceptEncoding ?? '')
      .split(',')
      .map((part) => part.trim().split(';'))
      .filter(([, q]) => !q || !/^\s*q\s*=\s*0(\.0*)?\s*$/.test(q))
      .map(([name]) => name!.trim().toLowerCase()),
  )
  if (accepted.has('br')) return 'br'
  if (accepted.has('gzip')) return 'gzip'
  return 'identity'
}

/** Where the build put the bundles: beside the relay bundle, or ../dist from the sources. */
export function findDistDir(): string {
  const here = dirname(fileURLToPath(import.meta.url))
  for (const dir of [here, join(here, '..', 'dist')]) if (existsSync(join(dir, 'manifest.json'))) return dir
  throw new Error('built bundles not found: run `npm run build` first')
}

export function loadBundles(distDir: string) {
  const manifest = JSON.parse(readFileSync(join(distDir, 'manifest.json'), 'utf8')) as Manifest
  const hashed = new Map<string, Asset>()
  const widget = [...Object.values(manifest.widgetScripts), ...Object.values(manifest.widgetParts).flat()]
  for (const name of new Set([...widget, manifest.agentScript, manifest.agentStyle])) {
    const type = name.endsWith('.css') ? 'text/css; charset=utf-8' : 'text/javascript; charset=utf-8'
    hashed.set(name.replace(/^assets\//, ''), builtAsset(type, join(distDir, name)))
  }
  return {
    manifest,
    widget: builtAsset('text/javascript; charset=utf-8', join(distDir, 'widget.js')),
    /** Files under /assets/, by their hashed file name. */
    hashed,
  }
}

export type Bundles = ReturnType<typeof loadBundles>
