/**
 * @module scripts/bench/widget — section 6: the widget's bytes (loader, loader + widget per
 * language) and, in throttled Chromium, how soon a visitor sees the launcher and their first
 * message shown as sent.
 */
import type { Row } from './report.js'
import type { Section } from './section.js'
import { round, summarize } from './stats.js'
import { SLOW_3G, measurePageLoads } from './widget-browser.js'
import { measureWidgetSizes } from './widget-size.js'

/** The widget issue's target for loader + widget, gzipped (README, Size). */
export const WIDGET_TOTAL_TARGET_BYTES = 18 * 1024

const kb = (bytes: number) => round(bytes / 1024)

export const widget: Section = {
  name: 'widget',
  title: 'widget bytes, and launcher and first message on slow 3G in Chromium',
  limitMs: 90_000,
  async run(context) {
    const sizes = measureWidgetSizes()
    const rows: Row[] = [
      { metric: 'loader (/widget.js) gzip / brotli', value: `${kb(sizes.loader.gzip)} / ${kb(sizes.loader.brotli)}`, unit: 'KB' },
    ]
    for (const download of sizes.downloads) {
      rows.push({
        metric: `loader + widget (${download.lang}) gzip / brotli`,
        value: `${kb(download.gzip)} / ${kb(download.brotli)}`,
        unit: 'KB',
        target: { text: `≤ ${WIDGET_TOTAL_TARGET_BYTES / 1024} KB gzip`, met: download.gzip <= WIDGET_TOTAL_TARGET_BYTES },
      })
      if (download.partsGzip) rows.push({ metric: `parts fetched when needed (${download.lang}) gzip`, value: kb(download.partsGzip), unit: 'KB' })
    }

    const runs = context.options.sizes.browserRuns
    const loads = await measurePageLoads(context, runs)
    const median = (pick: (load: (typeof loads)[number]) => number) => round(summarize(loads.map(pick)).p50)
    rows.push(
      { metric: `slow 3G: navigation → launcher visible (median of ${runs})`, value: median((l) => l.launcherMs), unit: 'ms' },
      { metric: 'slow 3G: navigation → widget open (click at once)', value: median((l) => l.widgetOpenMs), unit: 'ms' },
      { metric: 'slow 3G: navigation → first message shown as sent', value: median((l) => l.firstMessageMs), unit: 'ms' },
      { metric: 'slow 3G: Enter → message shown as sent', value: median((l) => l.sendToSentMs), unit: 'ms' },
    )
    return {
      rows,
      details: { sizes, slow3g: SLOW_3G, pageLoads: loads },
      notes: [
        `slow 3G = CDP Network.emulateNetworkConditions, ${SLOW_3G.latency} ms latency, ${(SLOW_3G.downloadThroughput * 8) / 1000} kbit/s each way, empty cache; the bench clicks the launcher as soon as it shows and sends at once`,
        '"first message shown" = the visitor\'s own message in the log marked sent, i.e. acked by the relay after the commit (not an operator reply)',
      ],
    }
  },
}
