import assert from 'node:assert/strict'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib'
import { COMPRESSED, loadBundles, type Manifest } from './assets.js'
import { tempDir } from './testing.js'

describe('built bundles', () => {
  it("serve the build's compressed copies, and make their own when a copy is missing or stale", () => {
    const tmp = tempDir()
    try {
      mkdirSync(join(tmp.dir, 'assets'))
      const manifest: Manifest = { widgetScripts: { en: 'assets/widget-en-A.js' }, widgetParts: { en: ['assets/part-B.js'] }, agentScript: 'assets/agent-C.js', agentStyle: 'assets/agent-D.css' }
      writeFileSync(join(tmp.dir, 'manifest.json'), JSON.stringify(manifest))
      const files = ['widget.js', 'assets/widget-en-A.js', 'assets/part-B.js', 'assets/agent-C.js', 'assets/agent-D.css']
      for (const file of files) writeFileSync(join(tmp.dir, file), `/* ${file} */ console.log(${JSON.stringify(file)})`)
      // The build's copies for the widget; a stale copy (of other content) for the part; none for the rest.
      const widget = join(tmp.dir, 'assets/widget-en-A.js')
      const built = { gzip: gzipSync(readFileSync(widget), { level: 1 }), br: brotliCompressSync(readFileSync(widget)) }
      writeFileSync(widget + COMPRESSED.gzip, built.gzip)
      writeFileSync(widget + COMPRESSED.br, built.br)
      writeFileSync(join(tmp.dir, 'assets/part-B.js') + COMPRESSED.gzip, gzipSync('stale'))
      writeFileSync(join(tmp.dir, 'assets/part-B.js') + COMPRESSED.br, brotliCompressSync('stale'))

      const bundles = loadBundles(tmp.dir)
      for (const asset of [bundles.widget, ...bundles.hashed.values()]) {
        assert.deepEqual(gunzipSync(asset.gzip), asset.identity)
        assert.deepEqual(brotliDecompressSync(asset.br), asset.identity)
      }
      assert.equal(bundles.hashed.size, 4)
      assert.deepEqual(bundles.hashed.get('widget-en-A.js')!.gzip, built.gzip, "the build's copy is used as it is")
    } finally {
      tmp.remove()
    }
  })
})
