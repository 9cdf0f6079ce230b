/** @module relay/pages — the two HTML pages the relay serves itself: the demo page and the agent page shell. */
import type { Manifest } from './assets.js'

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!)

/** A site owner's page in miniature: some content and the one-line install. */
export function demoPage(site: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Parley demo</title>
<link rel="icon" href="data:,">
</head>
<body style="font: 16px/1.5 system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; padding: 0 1rem">
<h1>Parley demo shop</h1>
<p>This page stands in for a site owner's page. The chat button in the corner is the Parley widget,
added with one line:</p>
<pre style="background:#f4f4f5;padding:1rem;overflow:auto">&lt;script src="https://chat.example.com/widget.js" data-site="${escapeHtml(site)}" async&gt;&lt;/script&gt;</pre>
<p>Write something in the widget, then open <a href="/agent" target="_blank">the agent page</a> in another window to answer.</p>
<script src="/widget.js" data-site="${escapeHtml(site)}" async></script>
</body>
</html>
`
}

/** The agent page is a Preact app; this shell only names its content-hashed bundles. */
export function agentPage(manifest: Manifest): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Parley — agent</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/${escapeHtml(manifest.agentStyle)}">
<script type="module" src="/${escapeHtml(manifest.agentScript)}"></script>
</head>
<body>
<div id="app"></div>
<noscript>The agent page needs JavaScript.</noscript>
</body>
</html>
`
}
